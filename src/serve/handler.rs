//! One SSH connection: its login (auth.rs) and its session channels, each
//! either a workstation (a pty and a shell) or one command (exec).

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, mpsc};

use russh::keys::ssh_key::PublicKey;
use russh::server::{Auth, ChannelOpenHandle, Msg, PublicKeyOffer, Session, VerifiedPublicKey};
use russh::{Channel, ChannelId, ChannelOpenFailure, Pty};
use tokio::sync::mpsc::UnboundedSender;

use super::auth::{self, Who};
use super::input::DeskInput;
use super::{Shared, desk, exec, vet, words};

/// Session channels one connection may have open at once.
const MAX_CHANNELS: usize = 4;

/// Makes a handler for each connection.
pub struct DeskServer {
    shared: Arc<Shared>,
}

impl DeskServer {
    pub fn new(shared: Arc<Shared>) -> DeskServer {
        DeskServer { shared }
    }
}

impl russh::server::Server for DeskServer {
    type Handler = Conn;

    fn new_client(&mut self, peer: Option<SocketAddr>) -> Conn {
        tracing::debug!("connection from {}", auth::shown(peer));
        Conn { shared: Arc::clone(&self.shared), peer, who: None, channels: HashMap::new() }
    }

    fn handle_session_error(&mut self, error: russh::Error) {
        tracing::info!("a connection ended: {error}");
    }
}

/// A workstation's input; when the channel or the connection goes, the
/// session is told so (its own waker keeps its queue open).
struct DeskLink(mpsc::Sender<DeskInput>);

impl Drop for DeskLink {
    fn drop(&mut self) {
        let _ = self.0.send(DeskInput::Closed);
    }
}

/// Where a channel's input goes.
#[derive(Default)]
enum Sink {
    #[default]
    Nowhere,
    Desk(DeskLink),
    /// A command's standard input; `None` is its end.
    Command(UnboundedSender<Option<Vec<u8>>>),
}

/// The terminal a client asked for.
#[derive(Clone, Debug)]
pub struct PtyRequest {
    pub term: String,
    pub cols: u16,
    pub rows: u16,
}

#[derive(Default)]
struct Chan {
    pty: Option<PtyRequest>,
    no_color: bool,
    sink: Sink,
}

/// One connection.
pub struct Conn {
    shared: Arc<Shared>,
    peer: Option<SocketAddr>,
    who: Option<Who>,
    channels: HashMap<ChannelId, Chan>,
}

impl Drop for Conn {
    fn drop(&mut self) {
        // Workstations first learn that their connection is gone.
        self.channels.clear();
        if let Some(who) = self.who.take() {
            auth::logout(Arc::clone(&self.shared), who, self.peer);
        }
    }
}

fn size(n: u32) -> u16 {
    u16::try_from(n).unwrap_or(u16::MAX)
}

impl Conn {
    /// Says why a channel is refused, ends it with exit status 2.
    fn refuse(
        &mut self,
        channel: ChannelId,
        why: &str,
        session: &mut Session,
    ) -> Result<(), russh::Error> {
        tracing::info!("refused for {}: {why}", self.agent_name());
        let text = format!("recoup: {why}\n");
        let text = if self.pty(channel).is_some() { text.replace('\n', "\r\n") } else { text };
        session.extended_data(channel, 1, text.into_bytes())?;
        session.exit_status_request(channel, 2)?;
        session.eof(channel)?;
        session.close(channel)
    }

    fn agent_name(&self) -> &str {
        self.who.as_ref().map_or("nobody", |w| w.agent.name.as_str())
    }

    fn pty(&self, channel: ChannelId) -> Option<&PtyRequest> {
        self.channels.get(&channel).and_then(|c| c.pty.as_ref())
    }

    /// The workstation, on a terminal.
    fn open_desk(&mut self, channel: ChannelId, session: &mut Session) -> Result<(), russh::Error> {
        let Some(pty) = self.pty(channel).cloned() else {
            return self.refuse(
                channel,
                "the workstation needs a terminal: connect with `ssh -t`, or give a command (`ssh desk report aging`)",
                session,
            );
        };
        let Some(who) = self.who.clone() else { return session.close(channel) };
        let seat = match self.shared.sessions.seat() {
            Ok(seat) => seat,
            Err(why) => return self.refuse(channel, &why, session),
        };
        let no_color = self.channels.get(&channel).is_some_and(|c| c.no_color);
        let out = desk::output(session.handle(), channel, seat);
        tracing::info!(
            "workstation for {} from {}: {}x{}, TERM={}{}",
            who.agent.name,
            auth::shown(self.peer),
            pty.cols,
            pty.rows,
            pty.term,
            if no_color { ", NO_COLOR" } else { "" }
        );
        let start = desk::DeskStart { who, pty, color: !no_color };
        match desk::start(&self.shared, start, out) {
            Ok(tx) => {
                if let Some(chan) = self.channels.get_mut(&channel) {
                    chan.sink = Sink::Desk(DeskLink(tx));
                }
                Ok(())
            }
            Err(e) => self.refuse(channel, &format!("cannot start the workstation: {e}"), session),
        }
    }

    /// One command, as this agent.
    fn run_command(
        &mut self,
        channel: ChannelId,
        line: &[u8],
        session: &mut Session,
    ) -> Result<(), russh::Error> {
        let line = String::from_utf8_lossy(line);
        let mut words = match words::split(&line) {
            Ok(words) => words,
            Err(why) => return self.refuse(channel, &why, session),
        };
        if words.first().is_some_and(|w| w == "recoup") {
            words.remove(0);
        }
        if words.is_empty() {
            return self.open_desk(channel, session);
        }
        if let Err(why) = vet::check(&words) {
            return self.refuse(channel, &why, session);
        }
        let Some(who) = self.who.clone() else { return session.close(channel) };
        let seat = match self.shared.sessions.seat() {
            Ok(seat) => seat.for_command(),
            Err(why) => return self.refuse(channel, &why, session),
        };
        tracing::info!("{} from {} runs: {}", who.agent.name, auth::shown(self.peer), line);
        let job = exec::Job::new(&self.shared, &who.agent.name, words, self.pty(channel).is_some());
        let stdin = exec::spawn(job, session.handle(), channel, seat);
        if let Some(chan) = self.channels.get_mut(&channel) {
            chan.sink = Sink::Command(stdin);
        }
        Ok(())
    }

    async fn login(&mut self, key: &PublicKey) -> Auth {
        match auth::agent_for(&self.shared, key).await {
            Some(who) => {
                if let (Some(peer), Ok(mut t)) = (self.peer, self.shared.throttle.lock()) {
                    t.succeeded(peer.ip());
                }
                auth::audit(&self.shared, &who, self.peer, "login").await;
                self.shared.sessions.login();
                self.who = Some(who);
                Auth::Accept
            }
            None => {
                let what = format!("key {} is not registered", super::pubkey::fingerprint(key));
                auth::refused(&self.shared, self.peer, &what);
                auth::reject()
            }
        }
    }
}

impl russh::server::Handler for Conn {
    type Error = russh::Error;

    async fn auth_none(&mut self, _user: &str) -> Result<Auth, Self::Error> {
        Ok(auth::reject())
    }

    async fn auth_password(&mut self, _user: &str, _password: &str) -> Result<Auth, Self::Error> {
        auth::wait_turn(&self.shared, self.peer).await;
        auth::refused(&self.shared, self.peer, "a password (the desk takes public keys only)");
        Ok(auth::reject())
    }

    async fn auth_keyboard_interactive<'a>(
        &'a mut self,
        _user: &str,
        _submethods: &str,
        _response: Option<russh::server::Response<'a>>,
    ) -> Result<Auth, Self::Error> {
        auth::wait_turn(&self.shared, self.peer).await;
        auth::refused(
            &self.shared,
            self.peer,
            "keyboard-interactive (the desk takes public keys only)",
        );
        Ok(auth::reject())
    }

    /// A key offered before it is signed with: refused at once when it is
    /// not registered, so the client can try its next one.
    async fn auth_publickey_offered(
        &mut self,
        _user: &str,
        offer: PublicKeyOffer<'_>,
    ) -> Result<Auth, Self::Error> {
        auth::wait_turn(&self.shared, self.peer).await;
        if auth::agent_for(&self.shared, offer.public_key).await.is_some() {
            return Ok(Auth::Accept);
        }
        let what =
            format!("key {} is not registered", super::pubkey::fingerprint(offer.public_key));
        auth::refused(&self.shared, self.peer, &what);
        Ok(auth::reject())
    }

    /// The user name is ignored: the key decides the agent.
    async fn auth_publickey(
        &mut self,
        _user: &str,
        key: VerifiedPublicKey<'_>,
    ) -> Result<Auth, Self::Error> {
        Ok(self.login(key.public_key).await)
    }

    async fn channel_open_session(
        &mut self,
        channel: Channel<Msg>,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        if self.who.is_none() || self.channels.len() >= MAX_CHANNELS {
            reply.reject(ChannelOpenFailure::ResourceShortage).await;
            return Ok(());
        }
        self.channels.insert(channel.id(), Chan::default());
        reply.accept().await;
        Ok(())
    }

    async fn pty_request(
        &mut self,
        channel: ChannelId,
        term: &str,
        cols: u32,
        rows: u32,
        _pix_width: u32,
        _pix_height: u32,
        _modes: &[(Pty, u32)],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        let Some(chan) = self.channels.get_mut(&channel) else {
            return session.channel_failure(channel);
        };
        chan.pty = Some(PtyRequest { term: term.to_owned(), cols: size(cols), rows: size(rows) });
        session.channel_success(channel)
    }

    /// Only `NO_COLOR` is taken from the client's environment.
    async fn env_request(
        &mut self,
        channel: ChannelId,
        name: &str,
        value: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        match self.channels.get_mut(&channel) {
            Some(chan) if name == "NO_COLOR" => {
                chan.no_color = !value.is_empty();
                session.channel_success(channel)
            }
            _ => session.channel_failure(channel),
        }
    }

    async fn shell_request(
        &mut self,
        channel: ChannelId,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_success(channel)?;
        self.open_desk(channel, session)
    }

    async fn exec_request(
        &mut self,
        channel: ChannelId,
        data: &[u8],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_success(channel)?;
        self.run_command(channel, data, session)
    }

    async fn data(
        &mut self,
        channel: ChannelId,
        data: &[u8],
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        match self.channels.get(&channel).map(|c| &c.sink) {
            Some(Sink::Desk(link)) => {
                let _ = link.0.send(DeskInput::Bytes(data.to_vec()));
            }
            Some(Sink::Command(stdin)) => {
                let _ = stdin.send(Some(data.to_vec()));
            }
            _ => {}
        }
        Ok(())
    }

    async fn window_change_request(
        &mut self,
        channel: ChannelId,
        cols: u32,
        rows: u32,
        _pix_width: u32,
        _pix_height: u32,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        if let Some(chan) = self.channels.get_mut(&channel) {
            if let Some(pty) = chan.pty.as_mut() {
                (pty.cols, pty.rows) = (size(cols), size(rows));
            }
            if let Sink::Desk(link) = &chan.sink {
                let _ = link.0.send(DeskInput::Resize(size(cols), size(rows)));
            }
        }
        Ok(())
    }

    async fn channel_eof(
        &mut self,
        channel: ChannelId,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        if let Some(Chan { sink: Sink::Command(stdin), .. }) = self.channels.get(&channel) {
            let _ = stdin.send(None);
        }
        Ok(())
    }

    async fn channel_close(
        &mut self,
        channel: ChannelId,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.channels.remove(&channel);
        Ok(())
    }
}
