//! Accounts, their API tokens and sign-in: argon2id password hashes, random
//! tokens kept only as SHA-256, failed sign-ins slowed and then refused, and
//! every change to an account checked against who asks
//! ([`tiendo_core::accounts`]). Sessions live in the database
//! ([`sessions::DbStore`]), so several servers share them.

pub mod sessions;

use std::sync::Arc;

use argon2::Argon2;
use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use sha2::{Digest, Sha256};
use tiendo_core::accounts::{
    Account, Actor, LOCKOUT_MINUTES, NewAccount, Role, Throttle, Token, check_name, check_password,
    check_scope, throttle,
};
use tiendo_core::params::ParamError;

use crate::db::{Database, DbError, unix_now};
use crate::heavy;
use crate::views::Context;

/// Why an account action was refused.
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    /// The input is wrong; names the field (400/422).
    #[error("{0}")]
    Invalid(#[from] ParamError),
    /// The actor may not do this (403).
    #[error("{0}")]
    Forbidden(String),
    /// The name is taken (409).
    #[error("{0}")]
    Conflict(String),
    /// No such account or token (404).
    #[error("{0} not found")]
    NotFound(String),
    /// The database or a worker failed (500, logged).
    #[error("{0}")]
    Internal(String),
}

impl From<DbError> for AccountError {
    fn from(e: DbError) -> Self {
        match e {
            DbError::Conflict(m) => AccountError::Conflict(m),
            DbError::NotFound(m) => AccountError::NotFound(m),
            DbError::Invalid { field, message } => {
                AccountError::Invalid(ParamError::new(field, message.clone(), message))
            }
            DbError::Other(m) => AccountError::Internal(m),
        }
    }
}

impl From<crate::views::ViewError> for AccountError {
    fn from(e: crate::views::ViewError) -> Self {
        AccountError::Internal(e.to_string())
    }
}

/// How a sign-in ended.
#[derive(Debug)]
pub enum SignIn {
    /// Name and password match an enabled account.
    Welcome(Account),
    /// Wrong name or password (the two are not told apart).
    Wrong,
    /// Too many failures lately: refused for a while.
    Refused,
}

/// Accounts and tokens over the database.
pub struct Accounts {
    ctx: Arc<Context>,
}

/// A new API token: its text (shown once) and what is kept of it.
pub fn new_token() -> (String, String) {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    let token = format!("tdo_{}", hex(&bytes));
    let hash = token_hash(&token);
    (token, hash)
}

/// What is kept of a token: its SHA-256, hex.
pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// A request body's hash, to tell a retried batch from a different one.
pub fn body_hash(body: &[u8]) -> String {
    hex(&Sha256::digest(body))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The argon2id hash of `password` (tens of milliseconds: run off the async threads).
pub async fn hash_password(password: String) -> Result<String, AccountError> {
    heavy::run(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| AccountError::Internal(e.to_string()))
    })
    .await
    .map_err(|e| AccountError::Internal(e.to_string()))?
}

/// Whether `password` matches `hash`.
async fn verify_password(password: String, hash: String) -> Result<bool, AccountError> {
    heavy::run(move || {
        PasswordHash::new(&hash)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
    .map_err(|e| AccountError::Internal(e.to_string()))
}

impl Accounts {
    /// Accounts over `ctx`.
    pub fn new(ctx: Arc<Context>) -> Self {
        Accounts { ctx }
    }

    fn db(&self) -> &dyn Database {
        self.ctx.db.as_ref()
    }

    /// The codes from the nation down to `unit`, itself last.
    async fn path(&self, unit: &str) -> Result<Vec<String>, AccountError> {
        let units = self.ctx.units().await?;
        if units.get(unit).is_none() {
            return Err(ParamError::new(
                "unit",
                format!("no unit has the code '{unit}'"),
                format!("không có đơn vị nào mã '{unit}'"),
            )
            .into());
        }
        let mut path: Vec<String> = units.ancestors(unit).into_iter().map(|u| u.code).collect();
        path.push(unit.to_string());
        Ok(path)
    }

    /// Checks a sign-in, slowing down and then refusing repeated failures
    /// for the account's name and for the address.
    pub async fn sign_in(
        &self,
        name: &str,
        password: &str,
        address: &str,
    ) -> Result<SignIn, AccountError> {
        let keys = [format!("account:{name}"), format!("address:{address}")];
        let since = unix_now() - LOCKOUT_MINUTES * 60;
        let failures = self.db().sign_in_failures(&keys, since).await?;
        match throttle(failures.into_iter().max().unwrap_or(0)) {
            Throttle::Refused => return Ok(SignIn::Refused),
            Throttle::Slow(ms) => tokio::time::sleep(std::time::Duration::from_millis(ms)).await,
            Throttle::Open => {}
        }
        let found = self.db().account_by_name(name).await?;
        // A made-up hash for unknown names: the same work either way.
        let (account, hash) = match found {
            Some((a, h)) => (Some(a), h),
            None => (None, DUMMY_HASH.to_string()),
        };
        let matches = verify_password(password.to_string(), hash).await?;
        match account {
            Some(a) if matches && !a.disabled => {
                self.db().clear_sign_in_failures(&keys[0]).await?;
                Ok(SignIn::Welcome(a))
            }
            _ => {
                self.db().record_sign_in_failure(&keys, unix_now()).await?;
                Ok(SignIn::Wrong)
            }
        }
    }

    /// The enabled account an API token acts as.
    pub async fn by_token(&self, token: &str) -> Result<Option<Account>, AccountError> {
        Ok(self.db().token_account(&token_hash(token)).await?)
    }

    /// The enabled account with `id` (a session's), if any.
    pub async fn enabled(&self, id: i64) -> Result<Option<Account>, AccountError> {
        Ok(self.db().account(id).await?.filter(|a| !a.disabled))
    }

    /// Creates an account; `by` is who asks (`None`: an operator on the command line).
    pub async fn create(
        &self,
        by: Option<&Actor>,
        name: &str,
        password: &str,
        role: Role,
        unit: &str,
    ) -> Result<Account, AccountError> {
        check_name(name)?;
        check_password(password)?;
        let path = self.path(unit).await?;
        let level = self
            .ctx
            .units()
            .await?
            .get(unit)
            .map(|u| u.level)
            .expect("checked by path");
        check_scope(role, level)?;
        if let Some(actor) = by {
            let path: Vec<&str> = path.iter().map(String::as_str).collect();
            if !actor.may_manage(role, &path) {
                return Err(AccountError::Forbidden(format!(
                    "{} may not create a {} account for {unit}",
                    actor.name,
                    role.slug()
                )));
            }
        }
        let password_hash = hash_password(password.to_string()).await?;
        let id = self
            .db()
            .create_account(&NewAccount {
                name: name.to_string(),
                password_hash,
                role,
                unit: unit.to_string(),
            })
            .await?;
        self.db()
            .account(id)
            .await?
            .ok_or_else(|| AccountError::Internal("account vanished".into()))
    }

    /// The account named `name`, if `by` may manage it.
    pub async fn managed(&self, by: Option<&Actor>, name: &str) -> Result<Account, AccountError> {
        let (account, _) = self
            .db()
            .account_by_name(name)
            .await?
            .ok_or_else(|| AccountError::NotFound(format!("account '{name}'")))?;
        self.check_manages(by, &account).await?;
        Ok(account)
    }

    async fn check_manages(
        &self,
        by: Option<&Actor>,
        account: &Account,
    ) -> Result<(), AccountError> {
        let Some(actor) = by else { return Ok(()) };
        let path = self.path(&account.unit).await?;
        let path: Vec<&str> = path.iter().map(String::as_str).collect();
        if actor.may_manage(account.role, &path) {
            Ok(())
        } else {
            Err(AccountError::Forbidden(format!(
                "{} may not manage the account '{}'",
                actor.name, account.name
            )))
        }
    }

    /// Disables or enables the account `name`.
    pub async fn set_disabled(
        &self,
        by: Option<&Actor>,
        name: &str,
        disabled: bool,
    ) -> Result<Account, AccountError> {
        let account = self.managed(by, name).await?;
        if by.is_some_and(|a| a.account == account.id) && disabled {
            return Err(AccountError::Forbidden(
                "an account cannot disable itself".into(),
            ));
        }
        self.db().set_disabled(account.id, disabled).await?;
        Ok(Account {
            disabled,
            ..account
        })
    }

    /// Issues a token for the account `name`: its text, shown once.
    pub async fn issue_token(
        &self,
        by: Option<&Actor>,
        name: &str,
        label: &str,
    ) -> Result<String, AccountError> {
        let account = self.managed(by, name).await?;
        let label = label.trim();
        if label.chars().count() > 100 {
            return Err(
                ParamError::new("label", "at most 100 characters", "tối đa 100 ký tự").into(),
            );
        }
        let (token, hash) = new_token();
        self.db()
            .create_token(
                account.id,
                &hash,
                if label.is_empty() { "API" } else { label },
            )
            .await?;
        Ok(token)
    }

    /// Revokes token `id` of the account `name`.
    pub async fn revoke_token(
        &self,
        by: Option<&Actor>,
        name: &str,
        id: i64,
    ) -> Result<(), AccountError> {
        let account = self.managed(by, name).await?;
        Ok(self.db().revoke_token(account.id, id).await?)
    }

    /// The accounts `by` manages, each with its tokens.
    pub async fn list(&self, by: &Actor) -> Result<Vec<(Account, Vec<Token>)>, AccountError> {
        if !by.manages_accounts() {
            return Err(AccountError::Forbidden(format!(
                "{} does not manage accounts",
                by.name
            )));
        }
        let mut out = Vec::new();
        for account in self.db().accounts().await? {
            if self.check_manages(Some(by), &account).await.is_ok() {
                let tokens = self.db().tokens(account.id).await?;
                out.push((account, tokens));
            }
        }
        Ok(out)
    }
}

/// An argon2id hash of a random password no one knows, checked for unknown
/// names so that they take as long as known ones.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$2tFQZp0yW5dq5rK3qL1f7k6Y0m3pY2b6xv1hCq3c5nU";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_kept_as_hashes() {
        let (a, hash_a) = new_token();
        let (b, _) = new_token();
        assert_ne!(a, b);
        assert!(a.starts_with("tdo_") && a.len() == 68, "{a}");
        assert_eq!(token_hash(&a), hash_a);
        assert_eq!(hash_a.len(), 64);
        assert!(!hash_a.contains(&a[4..]));
    }

    #[tokio::test]
    async fn passwords_verify_only_against_their_hash() {
        let hash = hash_password("correct horse".into()).await.unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(
            verify_password("correct horse".into(), hash.clone())
                .await
                .unwrap()
        );
        assert!(!verify_password("wrong horse".into(), hash).await.unwrap());
        assert!(
            !verify_password("x".into(), DUMMY_HASH.into())
                .await
                .unwrap()
        );
        assert!(
            PasswordHash::new(DUMMY_HASH).is_ok(),
            "the dummy parses, so it costs the same"
        );
    }
}
