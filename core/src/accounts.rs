//! Who may do what. Every account has one role, scoped to one unit; these
//! pure checks are what every server function, page and API route asks
//! before it acts (hiding a button is not a check).

use serde::{Deserialize, Serialize};

use crate::Lang;
use crate::params::{ParamError, parse_slug};
use crate::units::{Level, NATION_CODE};

/// What an account is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// The ministry: everything, everywhere.
    Ministry,
    /// A province commander: reports, corrections and accounts inside the province.
    Commander,
    /// A reporting unit: submits for its own commune, or its district's communes.
    Reporter,
    /// Public affairs: reads and exports.
    PublicAffairs,
    /// An administrator: accounts and API tokens.
    Admin,
}

impl Role {
    /// Every role, in the order forms list them.
    pub const ALL: [Role; 5] = [
        Role::Reporter,
        Role::Commander,
        Role::Ministry,
        Role::PublicAffairs,
        Role::Admin,
    ];

    /// The name used on the command line, in forms and in the database.
    pub fn slug(self) -> &'static str {
        match self {
            Role::Ministry => "ministry",
            Role::Commander => "commander",
            Role::Reporter => "reporter",
            Role::PublicAffairs => "public-affairs",
            Role::Admin => "admin",
        }
    }

    /// Parses a slug; `field` names the parameter in the error.
    pub fn parse(field: &str, value: &str) -> Result<Role, ParamError> {
        parse_slug(field, value, "role", &Role::ALL, Role::slug)
    }

    /// The role in words.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Role::Ministry, Lang::Vi) => "Bộ Công an",
            (Role::Commander, Lang::Vi) => "Chỉ huy công an tỉnh",
            (Role::Reporter, Lang::Vi) => "Đơn vị báo cáo",
            (Role::PublicAffairs, Lang::Vi) => "Truyền thông",
            (Role::Admin, Lang::Vi) => "Quản trị",
            (Role::Ministry, Lang::En) => "Ministry",
            (Role::Commander, Lang::En) => "Province commander",
            (Role::Reporter, Lang::En) => "Reporting unit",
            (Role::PublicAffairs, Lang::En) => "Public affairs",
            (Role::Admin, Lang::En) => "Administrator",
        }
    }

    /// The levels a unit this role is scoped to may have.
    pub fn scope_levels(self) -> &'static [Level] {
        match self {
            Role::Ministry | Role::PublicAffairs | Role::Admin => &[Level::Nation],
            Role::Commander => &[Level::Province],
            Role::Reporter => &[Level::District, Level::Commune],
        }
    }

    /// Whether this role submits and corrects figures.
    pub fn reports(self) -> bool {
        matches!(self, Role::Ministry | Role::Commander | Role::Reporter)
    }
}

/// Whether an account of `role` may be scoped to a unit of `level`; the
/// error says which levels it may have.
pub fn check_scope(role: Role, level: Level) -> Result<(), ParamError> {
    if role.scope_levels().contains(&level) {
        return Ok(());
    }
    let allowed: Vec<&str> = role.scope_levels().iter().map(|l| l.slug()).collect();
    Err(ParamError::new(
        "unit",
        format!(
            "a {} account belongs to a {} (use {} for the nation)",
            role.slug(),
            allowed.join(" or "),
            NATION_CODE
        ),
        format!(
            "tài khoản {} thuộc một đơn vị cấp {} (dùng {} cho toàn quốc)",
            role.slug(),
            allowed.join(" hoặc "),
            NATION_CODE
        ),
    ))
}

/// An account as stored (never with its password).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    /// Row id.
    pub id: i64,
    /// Sign-in name.
    pub name: String,
    /// Its role.
    pub role: Role,
    /// The unit its role is scoped to.
    pub unit: String,
    /// A disabled account can neither sign in nor use its tokens.
    pub disabled: bool,
    /// When it was created (RFC 3339).
    pub created_at: String,
}

impl Account {
    /// The account acting.
    pub fn actor(&self) -> Actor {
        Actor {
            account: self.id,
            name: self.name.clone(),
            role: self.role,
            scope: self.unit.clone(),
        }
    }
}

/// An account to create.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewAccount {
    /// Sign-in name.
    pub name: String,
    /// argon2id hash of its password.
    pub password_hash: String,
    /// Its role.
    pub role: Role,
    /// The unit it is scoped to.
    pub unit: String,
}

/// An API token as listed (its secret is shown once, never kept).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Token {
    /// Row id.
    pub id: i64,
    /// The account it acts as.
    pub account: i64,
    /// What it is for.
    pub label: String,
    /// When it was issued.
    pub created_at: String,
    /// When it was revoked, if it was.
    pub revoked_at: Option<String>,
}

/// A sign-in name: 3 to 64 letters, digits, `.`, `_` or `-`.
pub fn check_name(name: &str) -> Result<(), ParamError> {
    let ok = (3..=64).contains(&name.chars().count())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if ok {
        Ok(())
    } else {
        Err(ParamError::new(
            "name",
            "3 to 64 letters, digits, '.', '_' or '-'",
            "từ 3 đến 64 chữ cái không dấu, chữ số, '.', '_' hoặc '-'",
        ))
    }
}

/// A password long enough to resist guessing: at least 10 characters.
pub fn check_password(password: &str) -> Result<(), ParamError> {
    if password.chars().count() >= 10 {
        Ok(())
    } else {
        Err(ParamError::new(
            "password",
            "at least 10 characters",
            "ít nhất 10 ký tự",
        ))
    }
}

/// A signed-in session's token against cross-site requests: every write
/// from a form sends it back.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Csrf(pub String);

/// Someone acting: a signed-in account or an API token's account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    /// The account's id.
    pub account: i64,
    /// The account's name.
    pub name: String,
    /// Its role.
    pub role: Role,
    /// The unit its role is scoped to.
    pub scope: String,
}

/// Whether `path` (the codes from the nation down to a unit, the unit last)
/// lies within the unit `scope`.
pub fn within(scope: &str, path: &[&str]) -> bool {
    path.contains(&scope)
}

impl Actor {
    /// May submit or correct figures for the unit whose path is `path`.
    pub fn may_submit(&self, path: &[&str]) -> bool {
        self.role.reports() && within(&self.scope, path)
    }

    /// May create, disable or issue tokens for an account of `role` scoped
    /// to the unit whose path is `path`.
    pub fn may_manage(&self, role: Role, path: &[&str]) -> bool {
        match self.role {
            Role::Ministry | Role::Admin => true,
            // Inside the province, and never above a commander.
            Role::Commander => {
                within(&self.scope, path) && matches!(role, Role::Reporter | Role::Commander)
            }
            Role::Reporter | Role::PublicAffairs => false,
        }
    }

    /// May see the list of accounts (their own province's, for a commander).
    pub fn manages_accounts(&self) -> bool {
        matches!(self.role, Role::Ministry | Role::Admin | Role::Commander)
    }
}

/// How a sign-in attempt is treated after recent failures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Throttle {
    /// Go ahead.
    Open,
    /// Answer only after this many milliseconds.
    Slow(u64),
    /// Refused for now.
    Refused,
}

/// Failures allowed before answers slow down.
pub const FREE_FAILURES: u32 = 3;
/// Failures after which sign-in is refused for [`LOCKOUT_MINUTES`].
pub const MAX_FAILURES: u32 = 10;
/// How long failures count, and a lockout lasts.
pub const LOCKOUT_MINUTES: i64 = 15;

/// The treatment of a sign-in for an account or address with `failures`
/// recent failures: free at first, then a second more per failure (at
/// most 5), then refused.
pub fn throttle(failures: u32) -> Throttle {
    if failures >= MAX_FAILURES {
        Throttle::Refused
    } else if failures > FREE_FAILURES {
        Throttle::Slow(u64::from(failures - FREE_FAILURES).min(5) * 1000)
    } else {
        Throttle::Open
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(role: Role, scope: &str) -> Actor {
        Actor {
            account: 1,
            name: "a".into(),
            role,
            scope: scope.into(),
        }
    }

    // Phúc Xá (00001) in Ba Đình (001), Hà Nội (01); Hải Châu I (20194) in Đà Nẵng (48).
    const PHUC_XA: [&str; 4] = ["VN", "01", "001", "00001"];
    const TRUC_BACH: [&str; 4] = ["VN", "01", "001", "00004"];
    const HOAN_KIEM: [&str; 4] = ["VN", "01", "002", "00037"];
    const HAI_CHAU: [&str; 4] = ["VN", "48", "490", "20194"];

    #[test]
    fn reporters_submit_for_their_commune_or_their_districts_communes() {
        let commune = actor(Role::Reporter, "00001");
        assert!(commune.may_submit(&PHUC_XA));
        assert!(!commune.may_submit(&TRUC_BACH), "a sibling commune");
        let district = actor(Role::Reporter, "001");
        assert!(district.may_submit(&PHUC_XA) && district.may_submit(&TRUC_BACH));
        assert!(!district.may_submit(&HOAN_KIEM), "another district");
        assert!(!district.may_submit(&HAI_CHAU), "another province");
    }

    #[test]
    fn commanders_act_inside_their_province_and_the_ministry_everywhere() {
        let hanoi = actor(Role::Commander, "01");
        assert!(hanoi.may_submit(&HOAN_KIEM));
        assert!(!hanoi.may_submit(&HAI_CHAU));
        assert!(hanoi.may_manage(Role::Reporter, &PHUC_XA[..3]));
        assert!(
            !hanoi.may_manage(Role::Ministry, &["VN"]),
            "never above itself"
        );
        assert!(!hanoi.may_manage(Role::Reporter, &HAI_CHAU[..3]));
        let ministry = actor(Role::Ministry, "VN");
        assert!(ministry.may_submit(&HAI_CHAU) && ministry.may_manage(Role::Admin, &["VN"]));
    }

    #[test]
    fn readers_and_administrators_submit_nothing() {
        for role in [Role::PublicAffairs, Role::Admin] {
            assert!(!actor(role, "VN").may_submit(&PHUC_XA), "{role:?}");
        }
        assert!(actor(Role::Admin, "VN").may_manage(Role::Reporter, &PHUC_XA));
        assert!(!actor(Role::PublicAffairs, "VN").may_manage(Role::Reporter, &PHUC_XA));
        assert!(!actor(Role::Reporter, "00001").manages_accounts());
    }

    #[test]
    fn each_role_belongs_to_a_unit_of_its_level() {
        assert!(check_scope(Role::Reporter, Level::Commune).is_ok());
        assert!(check_scope(Role::Reporter, Level::District).is_ok());
        let e = check_scope(Role::Reporter, Level::Province).unwrap_err();
        assert_eq!(e.field, "unit");
        assert!(e.message.contains("district or commune"), "{e}");
        assert!(check_scope(Role::Commander, Level::Province).is_ok());
        assert!(check_scope(Role::Ministry, Level::Province).is_err());
        assert_eq!(
            Role::parse("role", "public-affairs").unwrap(),
            Role::PublicAffairs
        );
        assert!(Role::parse("role", "boss").is_err());
    }

    #[test]
    fn names_and_passwords_are_checked() {
        assert!(check_name("hn.phucxa-01").is_ok());
        assert_eq!(check_name("ab").unwrap_err().field, "name");
        assert!(check_name("có dấu").is_err());
        assert!(check_password("0123456789").is_ok());
        assert_eq!(check_password("short").unwrap_err().field, "password");
    }

    #[test]
    fn failed_sign_ins_slow_down_then_lock() {
        assert_eq!(throttle(0), Throttle::Open);
        assert_eq!(throttle(FREE_FAILURES), Throttle::Open);
        assert_eq!(throttle(FREE_FAILURES + 1), Throttle::Slow(1000));
        assert_eq!(throttle(MAX_FAILURES - 1), Throttle::Slow(5000));
        assert_eq!(throttle(MAX_FAILURES), Throttle::Refused);
    }
}
