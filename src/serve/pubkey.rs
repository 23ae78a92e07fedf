//! An agent's public key file (`id_ed25519.pub`), read for `recoup agent key
//! add`: one key in OpenSSH's one-line form, of a kind the desk verifies.

use russh::keys::ssh_key::{Algorithm, HashAlg, PublicKey};

use crate::domain::text::{clean, quote};
use crate::store::NewAgentKey;

/// The key kinds the server checks signatures of (Ed25519 and ECDSA).
pub fn accepted(algorithm: &Algorithm) -> bool {
    matches!(algorithm, Algorithm::Ed25519 | Algorithm::Ecdsa { .. })
}

/// `SHA256:...`, as `ssh-keygen -l` prints it.
pub fn fingerprint(key: &PublicKey) -> String {
    key.fingerprint(HashAlg::Sha256).to_string()
}

/// Reads a public key file's text; `name` is the file as the person gave it.
pub fn parse(text: &str, name: &str) -> Result<NewAgentKey, String> {
    if text.contains("PRIVATE KEY-----") {
        return Err(format!(
            "{name} is a private key; give the public key (the .pub file beside it), and keep the private key where it is"
        ));
    }
    let lines: Vec<&str> =
        text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).collect();
    let line = match lines.as_slice() {
        [one] => *one,
        [] => return Err(format!("{name} holds no public key")),
        more => {
            return Err(format!("{name} holds {} keys; give one key per agent key", more.len()));
        }
    };
    let key = PublicKey::from_openssh(line)
        .map_err(|e| format!("{name} is not an OpenSSH public key ({e}): {}", quote(line)))?;
    let algorithm = key.algorithm();
    if !accepted(&algorithm) {
        return Err(format!(
            "{name} is a {} key, which the desk does not accept; make an Ed25519 key with `ssh-keygen -t ed25519`",
            algorithm.as_str()
        ));
    }
    let comment: &str = key.comment().as_ref();
    let comment = clean(comment).into_owned();
    let mut bare = key.clone();
    bare.set_comment("");
    let public_key = bare.to_openssh().map_err(|e| format!("{name}: {e}"))?.trim().to_owned();
    Ok(NewAgentKey { fingerprint: fingerprint(&key), public_key, comment })
}

/// The key a registered agent logs in with, as stored.
pub fn stored(public_key: &str) -> Option<PublicKey> {
    PublicKey::from_openssh(public_key).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const ED25519: &str = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILvob6sgpikRyjE0acAvRrpPcWnABaYSVfWNKWhz89lL alice@laptop\n";

    #[test]
    fn an_ed25519_key_is_read_with_its_fingerprint_and_comment() {
        let key = parse(ED25519, "alice.pub").unwrap();
        // As `ssh-keygen -lf` prints it for this key.
        assert_eq!(key.fingerprint, "SHA256:BdctWRGS07YKS4496pxaZ93ifiFCtDMc2yQwRA8tP8w");
        assert_eq!(key.comment, "alice@laptop");
        assert_eq!(
            key.public_key,
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILvob6sgpikRyjE0acAvRrpPcWnABaYSVfWNKWhz89lL"
        );
        assert_eq!(stored(&key.public_key).map(|k| fingerprint(&k)), Some(key.fingerprint));
    }

    #[test]
    fn what_is_not_one_usable_public_key_is_refused() {
        let private =
            "-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn\n-----END OPENSSH PRIVATE KEY-----\n";
        assert!(parse(private, "id").unwrap_err().contains("is a private key"));
        assert!(parse("", "k.pub").unwrap_err().contains("holds no public key"));
        let two = format!("{ED25519}{ED25519}");
        assert!(parse(&two, "k.pub").unwrap_err().contains("holds 2 keys"));
        assert!(parse("ssh-ed25519 notbase64", "k.pub").unwrap_err().contains("not an OpenSSH"));
        let rsa = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQDjJyShQLgFy/YLsL6XY1/te6MqrJandQwu48+38ME+vrfyoKNMwNqHj7RNOeP34aXYvotJXpiAQC78ZlkCIRckwn8m+E+/QRJU5DylINOU9tz4EPE/6ZUZahj5dMK2lc166Bf3ZcGgM1Oz+P9UpDJBP7pjC4MSwCv+vth5cmEQTQ==";
        let err = parse(rsa, "k.pub").unwrap_err();
        assert!(err.contains("not an OpenSSH") || err.contains("does not accept"), "{err}");
    }
}
