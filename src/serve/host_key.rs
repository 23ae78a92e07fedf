//! The desk's SSH host key: made on the first start (Ed25519, mode 0600, in
//! the data directory), read on every later one. Its fingerprint is what
//! agents check the first time they connect.

use std::io::Write;
use std::path::{Path, PathBuf};

use russh::keys::ssh_key::{Algorithm, LineEnding, PrivateKey};

/// Where the host key lives: `ssh_host_ed25519_key` in the data directory,
/// with its public half beside it (`.pub`).
pub fn path(data_dir: &Path) -> PathBuf {
    data_dir.join("ssh_host_ed25519_key")
}

/// The host key, and whether this start made it.
pub fn load_or_create(path: &Path) -> Result<(PrivateKey, bool), String> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) => {
            if !meta.is_file() {
                return Err(format!("the host key {} is not a regular file", path.display()));
            }
            private_only(path, &meta)?;
            let key = PrivateKey::read_openssh_file(path)
                .map_err(|e| format!("cannot read the host key {}: {e}", path.display()))?;
            Ok((key, false))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok((create(path)?, true)),
        Err(e) => Err(format!("cannot read the host key {}: {e}", path.display())),
    }
}

/// A host key others can read is as good as published: refused, as sshd
/// refuses one.
fn private_only(path: &Path, meta: &std::fs::Metadata) -> Result<(), String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = meta.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            return Err(format!(
                "the host key {} can be read by others (mode {mode:04o}); make it readable by its owner only (chmod 600) or remove it to make a new one",
                path.display()
            ));
        }
    }
    #[cfg(not(unix))]
    let _ = (path, meta);
    Ok(())
}

fn create(path: &Path) -> Result<PrivateKey, String> {
    let fail =
        |e: &dyn std::fmt::Display| format!("cannot create the host key {}: {e}", path.display());
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder.create(dir).map_err(|e| fail(&e))?;
    }
    let key = PrivateKey::random(&mut rand::rng(), Algorithm::Ed25519).map_err(|e| fail(&e))?;
    let text = key.to_openssh(LineEnding::LF).map_err(|e| fail(&e))?;
    write_new(path, text.as_bytes(), 0o600).map_err(|e| fail(&e))?;
    let public = key.public_key().to_openssh().map_err(|e| fail(&e))?;
    let mut pub_path = path.as_os_str().to_owned();
    pub_path.push(".pub");
    write_new(Path::new(&pub_path), format!("{public}\n").as_bytes(), 0o644)
        .map_err(|e| fail(&e))?;
    Ok(key)
}

/// Writes a file that must not exist yet, with `mode` from the start.
fn write_new(path: &Path, bytes: &[u8], mode: u32) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, mode);
    #[cfg(not(unix))]
    let _ = mode;
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_start_makes_a_private_key_and_later_ones_read_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = path(&dir.path().join("data"));
        let (made, created) = load_or_create(&path).unwrap();
        assert!(created);
        let (read, created) = load_or_create(&path).unwrap();
        assert!(!created);
        assert_eq!(made.public_key(), read.public_key());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
            let err = load_or_create(&path).unwrap_err();
            assert!(err.contains("can be read by others (mode 0644)"), "{err}");
        }
    }
}
