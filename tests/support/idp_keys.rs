//! Keys for the identity-provider token tests, made once with openssl for
//! these tests only (never used anywhere else): an RSA key published as a
//! JWKS, and an EC P-256 key given as a PEM public key.

/// The RSA private key (PKCS#1) the test "identity provider" signs with.
pub const RSA_PRIVATE: &str = "-----BEGIN RSA PRIVATE KEY-----
MIIEpAIBAAKCAQEA6Ofr6S95X6xMYeBDLAo7l0FN/Y/3g8gn7LJ5ClLxL7HTR0tw
MGucGvBA1c2miHp6okB8snNUcYzde87FF54OkjC+ULdIjViMdGW/4yDBDMfX6CXh
QNlrwxdY6mSsR++urCvnnmK4Ib62r2X4afQFR4Q/FnQhRXv4F8YDkynkIQHXEGNH
+gkU3L/in0fG7/9A5YYGr+taUYdGxu6z4uiRlKkRbYQ1bGErTXT92yBVZZsJU1L8
wCwSLvymXv+yWGqntA8M+wuADRUa36qnH4rBMNwZKybTwRq9Pvp7JTlhPxnYHOu4
3nHDl/AJwYorg+pePYdWgv/0L8kBGOtS/PbDJwIDAQABAoIBAAQc+TnNOju26dzR
cbFyamqZnz+Uh+hOfZ4DHOFSZURuKiJx/tFsGEqr5lYGsFbSsVDyPWftYrCXe0Xd
348zBGQPWYN7z47N4VUg6UptxqfSIH1oeQzrI6l2kErVBYUTtfMADeW3Lc2ywrxg
QaQ++5gV8Gmvs7+FZY4N7WKijiijCUHIKDmZeiVmN8sGps/SxPGwmQ6swPVM2YRM
kMB9Q3j6m7HaQ6mWFzCT9Jb2I5u4z3bK2F7J1NcXX4RIfjbzoKftUXZZGPh5bZQU
d7YbgMO3MPmmQ4izekfcx1oY77oSHHYNMGBxpIYqW38tj1QezI/E4r5mApzLyzuW
an5WxCkCgYEA91sBri92TDiLOk+gv5D2ydQMMqHOpUtZP0cIXRBR+CmSvNQpYRY0
vGE5nlorzoSjeMo4z/IEKAzMJM6ecU5indowVI7DK4qfQrPK4ecE4cvI+HDxaw7a
ZSI1TIwB6QXAtrKoEMjyibPmwz1l8XTTEn1hFDyyw04t2xwwDMmhCqMCgYEA8Quj
9HFTGCmtSy6vmjjFrKBUjFSq914qZemyWWulKWaOo5fQyMeQSByYXddSXEPVMgtm
iVeC/g6tkAReDB8q2fPMc+3n9JwePkp52Z6ec9mxhVBAj3Srtix2FTvbXNb03DE7
Sh38d+jLulfZAAvgsHD0YPTfCcY4zY+4eCd3Ua0CgYEAzOjsPHL/Cedxly2t2eRq
PQpXzH30pUQFPAFJMWc6sF0oPRt45/+wUjostDy4u41vqrnDVKiFvvPTDc7IvM6V
rXS5wuK9Vc2xX113/aoWhkL+SqmtpOWaEFvFUZNOZc6pNfBMgBMnsOGCkkzDrcH8
tP1+tXgPEvIp1LDGMWG68gcCgYAsfiqQV06wOhkrtH1jaTFLsPiKQqKgMHiBAUcT
bGQ7JRwVJFO8i+Gc/fI9+B3SvA6hQyt1FHswbAMrfzLg5+vf+Tl2+KYFJ8AJXXPq
cHXtCnTTF8Ii+LUtVj2ho7/U/jSKZGf+QVS1yXm5dreuY4Lg7qidMPXudvFLOEkj
nJ1QrQKBgQDyHt/CiWhjmeFMOu9CWQDRqIYk6kCnwtsB1yRYYqrXj9kQr+cXgf3y
IGHFC4YlBw6CjYoWBy2tl0RAMGRRqzGrpzfm3O40KD4TO4wA05fEdoP1Fq4zaJdc
BP7dpVCTNqdIEwW3cmS/uOI9iy5++gm1Z1HbeDnplSFDDvsc/wE2Lg==
-----END RSA PRIVATE KEY-----";

/// The JWKS publishing that RSA key as `kid` `test-rsa`, beside an
/// unrelated key (so the `kid` decides).
pub fn jwks() -> String {
    serde_json::json!({
        "keys": [
            {"kty": "RSA", "kid": "other", "use": "sig", "alg": "RS256",
              "n": "x8_Gemyv7QIWN5PmVpiVwgENup9asd45VGzvE-5rD5A2RJ1Qr2CCv41tDpBamU1p0xiX-ad3ZU9rwQ-CwIwC6jWTNE0WLR4sd-WhRNrH-0x-Ntyg-N71z_KanUBVf-2rlFnS3JMhj4Prr4FdsNlT6-7kNUVctb5KZKuqFNIHowwQi4UdCauKPC4Ty0ikRvn7fDESrkdCBvUfsmB6oXj53dcj4KRstfdyhsr49k9KLWy9UlrM-D0lr-iBrRU3OvaIE8UbJcHXGOUoifYA31Ow6hqJs5DiEM1w5xEEOMUg0GuTfB5IKlRMs6AmNfI-127YQWv-fJ0MBZ9B-ezudG_skQ", "e": "AQAB"},
            {"kty": "RSA", "kid": "test-rsa", "use": "sig", "alg": "RS256",
              "n": "6Ofr6S95X6xMYeBDLAo7l0FN_Y_3g8gn7LJ5ClLxL7HTR0twMGucGvBA1c2miHp6okB8snNUcYzde87FF54OkjC-ULdIjViMdGW_4yDBDMfX6CXhQNlrwxdY6mSsR--urCvnnmK4Ib62r2X4afQFR4Q_FnQhRXv4F8YDkynkIQHXEGNH-gkU3L_in0fG7_9A5YYGr-taUYdGxu6z4uiRlKkRbYQ1bGErTXT92yBVZZsJU1L8wCwSLvymXv-yWGqntA8M-wuADRUa36qnH4rBMNwZKybTwRq9Pvp7JTlhPxnYHOu43nHDl_AJwYorg-pePYdWgv_0L8kBGOtS_PbDJw", "e": "AQAB"}
        ]
    })
    .to_string()
}

/// The EC P-256 private key (PKCS#8).
pub const EC_PRIVATE: &str = "-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgocPX/sHJH8Ndwr+7
jEQANzKaNH5LAlECrLGr6UE2KPuhRANCAARmhgdTI/VBdQd6ptWu04hNbhbTfxqf
ZHVRiOX3pYuKBpwIPEqC2UClA5BwUAIt25uES8aYVyayJt+JdR0vVHxY
-----END PRIVATE KEY-----";

/// Its public key (SPKI PEM), for `DOCNUM_JWT_PUBLIC_KEY`.
pub const EC_PUBLIC: &str = "-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEZoYHUyP1QXUHeqbVrtOITW4W038a
n2R1UYjl96WLigacCDxKgtlApQOQcFACLdubhEvGmFcmsibfiXUdL1R8WA==
-----END PUBLIC KEY-----";
