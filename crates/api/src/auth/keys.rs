//! The keys tokens are verified with: the HS256 secret `docnum token` signs
//! with, and the public keys of an identity provider (RS256/ES256 and their
//! families), from a PEM file or a JWKS document, chosen by the token's
//! `alg` and `kid`.

use docnum_domain::Message;
use jsonwebtoken::jwk::{AlgorithmParameters, EllipticCurve, JwkSet};
use jsonwebtoken::{Algorithm, DecodingKey, Header};

/// The RSA algorithms a public RSA key verifies.
const RSA: &[Algorithm] = &[
    Algorithm::RS256,
    Algorithm::RS384,
    Algorithm::RS512,
    Algorithm::PS256,
    Algorithm::PS384,
    Algorithm::PS512,
];

/// One public key: its `kid` (if named) and the algorithms it verifies.
#[derive(Clone)]
pub(super) struct PublicKey {
    kid: Option<String>,
    algorithms: &'static [Algorithm],
    key: DecodingKey,
}

/// Every key a server accepts tokens from.
#[derive(Clone, Default)]
pub(super) struct Keys {
    pub(super) secret: Option<DecodingKey>,
    pub(super) public: Vec<PublicKey>,
}

/// Why a public key file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// Neither an RSA nor an EC public key in PEM.
    #[error("not an RSA or EC (P-256/P-384) public key in PEM format")]
    Pem,
    /// Not a JWKS document.
    #[error("not a JWKS document ({{\"keys\": [...]}}): {0}")]
    Jwks(String),
    /// A JWKS document without a usable key.
    #[error("the JWKS document holds no RSA or EC (P-256/P-384) public key")]
    NoUsableKey,
}

impl Keys {
    /// Adds the public key of a PEM file (RSA or EC).
    pub(super) fn add_pem(&mut self, pem: &[u8]) -> Result<(), KeyError> {
        let (key, algorithms) = if let Ok(key) = DecodingKey::from_rsa_pem(pem) {
            (key, RSA)
        } else if let Ok(key) = DecodingKey::from_ec_pem(pem) {
            // The PEM does not say the curve to jsonwebtoken; both are
            // offered and the signature check settles it.
            (key, &[Algorithm::ES256, Algorithm::ES384][..])
        } else {
            return Err(KeyError::Pem);
        };
        self.public.push(PublicKey {
            kid: None,
            algorithms,
            key,
        });
        Ok(())
    }

    /// Adds every RSA and EC key of a JWKS document (symmetric keys in a
    /// JWKS are refused: a published document must not hold secrets).
    pub(super) fn add_jwks(&mut self, json: &str) -> Result<(), KeyError> {
        let set: JwkSet = serde_json::from_str(json).map_err(|e| KeyError::Jwks(e.to_string()))?;
        let before = self.public.len();
        for jwk in &set.keys {
            let algorithms: &'static [Algorithm] = match &jwk.algorithm {
                AlgorithmParameters::RSA(_) => RSA,
                AlgorithmParameters::EllipticCurve(p) if p.curve == EllipticCurve::P256 => {
                    &[Algorithm::ES256]
                }
                AlgorithmParameters::EllipticCurve(p) if p.curve == EllipticCurve::P384 => {
                    &[Algorithm::ES384]
                }
                _ => continue,
            };
            let Ok(key) = DecodingKey::from_jwk(jwk) else {
                continue;
            };
            self.public.push(PublicKey {
                kid: jwk.common.key_id.clone(),
                algorithms,
                key,
            });
        }
        if self.public.len() == before {
            return Err(KeyError::NoUsableKey);
        }
        Ok(())
    }

    /// The key for a token's header, or why there is none.
    pub(super) fn select(&self, header: &Header) -> Result<&DecodingKey, Message> {
        if header.alg == Algorithm::HS256 {
            return self
                .secret
                .as_ref()
                .ok_or_else(|| Message::new("auth-no-hs256"));
        }
        let mut fitting = self
            .public
            .iter()
            .filter(|k| k.algorithms.contains(&header.alg));
        let found = match &header.kid {
            Some(kid) => fitting
                .clone()
                .find(|k| k.kid.as_deref() == Some(kid.as_str()))
                // A lone PEM key has no kid: it verifies any token of its kind.
                .or_else(|| fitting.find(|k| k.kid.is_none())),
            None => fitting.next(),
        };
        found.map(|k| &k.key).ok_or_else(|| match &header.kid {
            Some(kid) => Message::new("auth-unknown-kid")
                .with("kid", kid.as_str())
                .with("algorithm", format!("{:?}", header.alg)),
            None => Message::new("auth-no-key").with("algorithm", format!("{:?}", header.alg)),
        })
    }
}
