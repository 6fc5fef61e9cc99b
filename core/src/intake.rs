//! Figures coming in, by form, file, API or command line: each line is read
//! into figures or into problems naming its row and field, then checked
//! against the submitter's scope, the campaign's days, the order of the
//! stages and the unit's own history. Pure: the server supplies the units,
//! the figures already recorded, and writes what passes.

use std::borrow::Cow;
use std::collections::HashSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::accounts::Actor;
use crate::params::parse_typed_day;
use crate::reports::Report;
use crate::stage::Stage;
use crate::units::Level;
use crate::{Lang, format};

/// A commune's count for one stage and day above this is refused as absurd.
pub const ABSURD_COUNT: u64 = 100_000;
/// Days of a unit's own history a new figure is compared with.
pub const HISTORY_DAYS: i64 = 28;

/// How figures arrived.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    /// The reporting form.
    Form,
    /// An uploaded CSV or XLSX file.
    File,
    /// `POST /api/v1/reports`.
    Api,
    /// `tiendo import`.
    Cli,
}

impl Channel {
    /// As stored with reports and in the audit log.
    pub fn slug(self) -> &'static str {
        match self {
            Channel::Form => "form",
            Channel::File => "file",
            Channel::Api => "api",
            Channel::Cli => "cli",
        }
    }

    /// Parses a stored slug.
    pub fn from_slug(s: &str) -> Option<Channel> {
        [Channel::Form, Channel::File, Channel::Api, Channel::Cli]
            .into_iter()
            .find(|c| c.slug() == s)
    }
}

/// A figure as it changed: the audit log's row, shown on a unit's page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    /// The commune.
    pub unit: String,
    /// The stage.
    pub stage: Stage,
    /// The day the figure is for.
    pub day: NaiveDate,
    /// The figure before (none: the day's first).
    pub old: Option<u64>,
    /// The figure after.
    pub new: u64,
    /// Who changed it, if an account did.
    pub account: Option<String>,
    /// Through which channel.
    pub channel: Channel,
    /// When (RFC 3339).
    pub at: String,
}

/// Who sends a batch, for the audit log.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Author {
    /// The account, if any (the demo has none).
    pub account: Option<i64>,
    /// The channel.
    pub channel: Channel,
}

/// Where a line came from, as its sender counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum At {
    /// A file's row (1 is the header).
    Row(usize),
    /// An item of an API batch, from 0.
    Item(usize),
    /// The form.
    Form,
}

/// One line as sent: text fields, not yet read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawLine {
    /// Where it came from.
    pub at: At,
    /// Unit code.
    pub unit: String,
    /// The day, dd/mm/yyyy or YYYY-MM-DD.
    pub date: String,
    /// Each stage's count as typed; blank means not reported in that stage.
    pub counts: Vec<(Stage, String)>,
}

/// What is wrong with a line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ProblemKind {
    /// A required field is empty.
    Missing,
    /// No unit has this code.
    UnknownUnit {
        /// The code sent.
        code: String,
    },
    /// The unit is outside what the submitter may report for.
    OutsideScope {
        /// The unit's name.
        unit: String,
    },
    /// Only communes report figures.
    NotACommune {
        /// The unit's name.
        unit: String,
        /// Its level.
        level: Level,
    },
    /// The count is not a whole number.
    NotANumber {
        /// The text sent.
        text: String,
    },
    /// The count is below zero.
    Negative,
    /// The count is above [`ABSURD_COUNT`].
    TooLarge {
        /// The limit.
        limit: u64,
    },
    /// The date cannot be read.
    BadDate {
        /// The text sent.
        text: String,
    },
    /// The day is before the campaign started.
    BeforeCampaign {
        /// The first day of the campaign.
        start: NaiveDate,
    },
    /// The day is after today.
    AfterToday {
        /// Today.
        today: NaiveDate,
    },
    /// The same unit, stage and day appear twice in the batch.
    Duplicate,
    /// Cumulative cards of `stage` would exceed those of the stage before it.
    AboveEarlierStage {
        /// The later stage.
        stage: Stage,
        /// Its cumulative count on the day with this batch.
        cumulative: u64,
        /// The earlier stage's.
        earlier: u64,
    },
    /// No stage has this name.
    UnknownStage {
        /// The text sent.
        text: String,
    },
    /// A JSON value of the wrong type.
    WrongType {
        /// What was expected.
        expected: String,
    },
    /// A file's header names a column no one knows.
    UnknownColumn {
        /// The header.
        name: String,
    },
    /// A file lacks a column it needs.
    MissingColumn,
    /// The file cannot be read as what it claims to be.
    Unreadable {
        /// Why.
        reason: String,
    },
    /// Far above the unit's own recent figures (a warning).
    FarAboveHistory {
        /// The count sent.
        count: u64,
        /// The most the unit reported on one day in the last [`HISTORY_DAYS`].
        usual_max: u64,
    },
}

/// A problem with a line: an error stops the whole batch; a warning only
/// asks for confirmation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// Where.
    pub at: At,
    /// The field: `unit`, `date`, or a stage's slug for its count.
    pub field: String,
    /// What.
    pub kind: ProblemKind,
}

impl Problem {
    /// Whether it only needs a confirmation.
    pub fn is_warning(&self) -> bool {
        matches!(self.kind, ProblemKind::FarAboveHistory { .. })
    }

    /// The problem in words, naming its row or item and field.
    pub fn message(&self, lang: Lang) -> String {
        let place = match (self.at, lang) {
            (At::Row(r), Lang::Vi) => format!("Dòng {r}"),
            (At::Row(r), Lang::En) => format!("Row {r}"),
            (At::Item(i), _) => format!("reports[{i}]"),
            (At::Form, Lang::Vi) => "Biểu mẫu".to_string(),
            (At::Form, Lang::En) => "Form".to_string(),
        };
        let field = field_label(&self.field, lang);
        let what = match (&self.kind, lang) {
            (ProblemKind::Missing, Lang::Vi) => "chưa điền".to_string(),
            (ProblemKind::Missing, Lang::En) => "is empty".to_string(),
            (ProblemKind::UnknownUnit { code }, Lang::Vi) => format!("không có đơn vị mã '{code}'"),
            (ProblemKind::UnknownUnit { code }, Lang::En) => {
                format!("no unit has the code '{code}'")
            }
            (ProblemKind::OutsideScope { unit }, Lang::Vi) => {
                format!("{unit} không thuộc phạm vi tài khoản được báo cáo")
            }
            (ProblemKind::OutsideScope { unit }, Lang::En) => {
                format!("{unit} is outside the units this account reports for")
            }
            (ProblemKind::NotACommune { unit, level }, Lang::Vi) => format!(
                "{unit} là cấp {}; chỉ xã, phường, thị trấn báo cáo số liệu",
                level_word(*level, lang)
            ),
            (ProblemKind::NotACommune { unit, level }, Lang::En) => format!(
                "{unit} is a {}; only communes report figures",
                level_word(*level, lang)
            ),
            (ProblemKind::NotANumber { text }, Lang::Vi) => {
                format!("'{text}' không phải số nguyên không âm")
            }
            (ProblemKind::NotANumber { text }, Lang::En) => {
                format!("'{text}' is not a whole number")
            }
            (ProblemKind::Negative, Lang::Vi) => "không được âm".to_string(),
            (ProblemKind::Negative, Lang::En) => "must not be negative".to_string(),
            (ProblemKind::TooLarge { limit }, Lang::Vi) => format!(
                "quá lớn (một xã một ngày không quá {})",
                format::int(*limit, lang)
            ),
            (ProblemKind::TooLarge { limit }, Lang::En) => format!(
                "is too large (at most {} a day for one commune)",
                format::int(*limit, lang)
            ),
            (ProblemKind::BadDate { text }, Lang::Vi) => {
                format!("'{text}' không phải ngày dạng dd/mm/yyyy")
            }
            (ProblemKind::BadDate { text }, Lang::En) => {
                format!("'{text}' is not a date as dd/mm/yyyy")
            }
            (ProblemKind::BeforeCampaign { start }, Lang::Vi) => {
                format!("trước ngày bắt đầu chiến dịch {}", format::date(*start))
            }
            (ProblemKind::BeforeCampaign { start }, Lang::En) => {
                format!("is before the campaign began on {}", format::date(*start))
            }
            (ProblemKind::AfterToday { today }, Lang::Vi) => {
                format!("sau hôm nay ({})", format::date(*today))
            }
            (ProblemKind::AfterToday { today }, Lang::En) => {
                format!("is after today ({})", format::date(*today))
            }
            (ProblemKind::Duplicate, Lang::Vi) => {
                "trùng đơn vị, ngày và công đoạn với một dòng trước".to_string()
            }
            (ProblemKind::Duplicate, Lang::En) => {
                "repeats the unit, day and stage of an earlier line".to_string()
            }
            (
                ProblemKind::AboveEarlierStage {
                    stage,
                    cumulative,
                    earlier,
                },
                lang,
            ) => {
                let before = earlier_stage(*stage).map_or("", |s| s.label(lang));
                match lang {
                    Lang::Vi => format!(
                        "lũy kế {} thành {}, vượt lũy kế {} ({})",
                        stage.label(lang).to_lowercase(),
                        format::int(*cumulative, lang),
                        before.to_lowercase(),
                        format::int(*earlier, lang)
                    ),
                    Lang::En => format!(
                        "would bring cumulative {} to {}, above {} ({})",
                        stage.label(lang).to_lowercase(),
                        format::int(*cumulative, lang),
                        before.to_lowercase(),
                        format::int(*earlier, lang)
                    ),
                }
            }
            (ProblemKind::UnknownStage { text }, Lang::Vi) => {
                format!("không có công đoạn '{text}' (applications, produced, delivered)")
            }
            (ProblemKind::UnknownStage { text }, Lang::En) => {
                format!("unknown stage '{text}' (applications, produced, delivered)")
            }
            (ProblemKind::WrongType { expected }, Lang::Vi) => format!("phải là {expected}"),
            (ProblemKind::WrongType { expected }, Lang::En) => format!("must be {expected}"),
            (ProblemKind::UnknownColumn { name }, Lang::Vi) => {
                format!("cột '{name}' không có trong mẫu")
            }
            (ProblemKind::UnknownColumn { name }, Lang::En) => {
                format!("column '{name}' is not in the template")
            }
            (ProblemKind::MissingColumn, Lang::Vi) => "thiếu cột này (xem tệp mẫu)".to_string(),
            (ProblemKind::MissingColumn, Lang::En) => {
                "this column is missing (see the template)".to_string()
            }
            (ProblemKind::Unreadable { reason }, Lang::Vi) => {
                format!("không đọc được tệp: {reason}")
            }
            (ProblemKind::Unreadable { reason }, Lang::En) => {
                format!("the file cannot be read: {reason}")
            }
            (ProblemKind::FarAboveHistory { count, usual_max }, Lang::Vi) => format!(
                "{} cao bất thường so với các ngày gần đây (nhiều nhất {}); xác nhận nếu đúng",
                format::int(*count, lang),
                format::int(*usual_max, lang)
            ),
            (ProblemKind::FarAboveHistory { count, usual_max }, Lang::En) => format!(
                "{} is far above the unit's recent days (at most {}); confirm if right",
                format::int(*count, lang),
                format::int(*usual_max, lang)
            ),
        };
        format!("{place}, {field}: {what}")
    }
}

/// A field's name in a message.
fn field_label(field: &str, lang: Lang) -> String {
    match (field, lang) {
        ("unit", Lang::Vi) => "mã đơn vị".into(),
        ("unit", Lang::En) => "unit".into(),
        ("date", Lang::Vi) => "ngày".into(),
        ("date", Lang::En) => "date".into(),
        ("stage", Lang::Vi) => "công đoạn".into(),
        ("stage", Lang::En) => "stage".into(),
        ("file", Lang::Vi) => "tệp".into(),
        ("file", Lang::En) => "file".into(),
        (other, _) => {
            Stage::from_slug(other).map_or_else(|| other.to_string(), |s| s.label(lang).to_string())
        }
    }
}

fn level_word(level: Level, lang: Lang) -> &'static str {
    match (level, lang) {
        (Level::Nation, Lang::Vi) => "quốc gia",
        (Level::Province, Lang::Vi) => "tỉnh",
        (Level::District, Lang::Vi) => "huyện",
        (Level::Commune, Lang::Vi) => "xã",
        (Level::Nation, Lang::En) => "nation",
        (Level::Province, Lang::En) => "province",
        (Level::District, Lang::En) => "district",
        (Level::Commune, Lang::En) => "commune",
    }
}

/// The stage whose cumulative count bounds `stage`'s.
pub fn earlier_stage(stage: Stage) -> Option<Stage> {
    match stage {
        Stage::Applications => None,
        Stage::Produced => Some(Stage::Applications),
        Stage::Delivered => Some(Stage::Produced),
    }
}

/// What the checks need to know of a unit, borrowed from the server's
/// units (a national day reads 31,797 lines).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnitFacts<'a> {
    /// Its name.
    pub name: &'a str,
    /// Its level.
    pub level: Level,
    /// Codes from the nation down to it.
    pub path: Vec<&'a str>,
}

/// The rules a batch is read against; `'u` is the units' lifetime.
pub struct Rules<'a, 'u> {
    /// Who sends it.
    pub actor: &'a Actor,
    /// First day of the campaign.
    pub campaign_start: NaiveDate,
    /// Today, in Vietnam.
    pub today: NaiveDate,
    /// The unit with a code, if any.
    pub unit: &'a (dyn Fn(&str) -> Option<UnitFacts<'u>> + Sync),
}

/// A figure read from a line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Figure {
    /// Where it came from.
    pub at: At,
    /// The figure.
    pub report: Report,
}

/// Reads a count as people type it: digits, with `.`, `,` or spaces between
/// groups of three ("1.234"); anything else is not a whole number.
pub fn parse_count(text: &str) -> Result<u64, ProblemKind> {
    const SEPARATORS: [char; 4] = ['.', ',', ' ', '\u{a0}'];
    let t = text.trim();
    let not_number = || ProblemKind::NotANumber {
        text: t.to_string(),
    };
    if let Some(rest) = t.strip_prefix('-') {
        return if parse_count(rest).is_ok() {
            Err(ProblemKind::Negative)
        } else {
            Err(not_number())
        };
    }
    // Plain digits (as programs send them) are read as they are; grouped
    // ones are joined first.
    let digits: Cow<str> = if t.contains(SEPARATORS) {
        let groups: Vec<&str> = t.split(SEPARATORS).collect();
        let grouped =
            (1..=3).contains(&groups[0].len()) && groups[1..].iter().all(|g| g.len() == 3);
        if !grouped {
            return Err(not_number());
        }
        Cow::Owned(groups.concat())
    } else {
        Cow::Borrowed(t)
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(not_number());
    }
    let too_large = ProblemKind::TooLarge {
        limit: ABSURD_COUNT,
    };
    match digits.parse::<u64>() {
        Ok(n) if n <= ABSURD_COUNT => Ok(n),
        _ => Err(too_large),
    }
}

/// Reads and checks `lines`: the figures they hold and every problem found
/// (a line with any problem gives no figure).
pub fn read_lines(lines: &[RawLine], rules: &Rules) -> (Vec<Figure>, Vec<Problem>) {
    let mut figures = Vec::new();
    let mut problems = Vec::new();
    let mut seen: HashSet<(&str, Stage, NaiveDate)> = HashSet::new();
    for line in lines {
        let problem = |field: &str, kind: ProblemKind| Problem {
            at: line.at,
            field: field.to_string(),
            kind,
        };
        let before = problems.len();
        let code = line.unit.trim();
        let unit = if code.is_empty() {
            problems.push(problem("unit", ProblemKind::Missing));
            None
        } else {
            match (rules.unit)(code) {
                None => {
                    problems.push(problem(
                        "unit",
                        ProblemKind::UnknownUnit { code: code.into() },
                    ));
                    None
                }
                Some(u) => {
                    if !rules.actor.may_submit(&u.path) {
                        problems.push(problem(
                            "unit",
                            ProblemKind::OutsideScope {
                                unit: u.name.to_string(),
                            },
                        ));
                    } else if u.level != Level::Commune {
                        problems.push(problem(
                            "unit",
                            ProblemKind::NotACommune {
                                unit: u.name.to_string(),
                                level: u.level,
                            },
                        ));
                    }
                    Some(u)
                }
            }
        };
        let day = match line.date.trim() {
            "" => {
                problems.push(problem("date", ProblemKind::Missing));
                None
            }
            text => match parse_typed_day(text) {
                None => {
                    problems.push(problem("date", ProblemKind::BadDate { text: text.into() }));
                    None
                }
                Some(d) if d < rules.campaign_start => {
                    problems.push(problem(
                        "date",
                        ProblemKind::BeforeCampaign {
                            start: rules.campaign_start,
                        },
                    ));
                    None
                }
                Some(d) if d > rules.today => {
                    problems.push(problem(
                        "date",
                        ProblemKind::AfterToday { today: rules.today },
                    ));
                    None
                }
                Some(d) => Some(d),
            },
        };
        let mut counts = Vec::new();
        for (stage, text) in &line.counts {
            if text.trim().is_empty() {
                continue;
            }
            match parse_count(text) {
                Ok(n) => counts.push((*stage, n)),
                Err(kind) => problems.push(problem(stage.slug(), kind)),
            }
        }
        if line.counts.iter().all(|(_, t)| t.trim().is_empty()) {
            let field = line.counts.first().map_or("count", |(s, _)| s.slug());
            problems.push(problem(field, ProblemKind::Missing));
        }
        if problems.len() > before {
            continue;
        }
        let (Some(unit), Some(day)) = (unit, day) else {
            continue;
        };
        let code = unit.path.last().copied().unwrap_or_default();
        for (stage, count) in counts {
            if !seen.insert((code, stage, day)) {
                problems.push(problem(stage.slug(), ProblemKind::Duplicate));
                continue;
            }
            figures.push(Figure {
                at: line.at,
                report: Report {
                    unit_code: code.to_string(),
                    stage,
                    day,
                    count,
                },
            });
        }
    }
    (figures, problems)
}

/// What is recorded already for a commune, stage and day.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Recorded {
    /// The day's reported count, if any.
    pub count: Option<u64>,
    /// The running total on the day (last on or before it).
    pub cumulative: u64,
    /// The most reported on one day in the [`HISTORY_DAYS`] before it, if
    /// any and if asked for ([`Wanted::history`]).
    pub usual_max: Option<u64>,
}

/// Key of [`Recorded`]: commune, stage, day.
pub type RecordedKey = (String, Stage, NaiveDate);

/// A key of [`Recorded`] to read, and whether its history too.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Wanted {
    /// Commune, stage, day.
    pub key: RecordedKey,
    /// Whether [`Recorded::usual_max`] is wanted: reading 28 days of every
    /// commune is most of a national batch's check, and only a count that
    /// could be far above any history (see [`far_above`]) needs it.
    pub history: bool,
}

/// The keys whose recorded figures [`check_recorded`] needs: every stage of
/// each commune and day in the batch, with the history of the figures that
/// could be far above theirs. Sorted by key.
pub fn recorded_keys(figures: &[Figure]) -> Vec<Wanted> {
    // Sorted and made unique as borrowed keys (a national day makes
    // 95,000), each kept key then owned once.
    let mut wanted: Vec<(&str, Stage, NaiveDate, bool)> = figures
        .iter()
        .flat_map(|f| {
            let r = &f.report;
            Stage::ALL.into_iter().map(move |s| {
                let history = s == r.stage && far_above(r.count, 0);
                (r.unit_code.as_str(), s, r.day, history)
            })
        })
        .collect();
    // A key once, wanting its history if any of its figures does.
    wanted.sort_unstable_by(|a, b| (a.0, a.1, a.2).cmp(&(b.0, b.1, b.2)).then(b.3.cmp(&a.3)));
    wanted.dedup_by(|later, first| (later.0, later.1, later.2) == (first.0, first.1, first.2));
    wanted
        .into_iter()
        .map(|(unit, stage, day, history)| Wanted {
            key: (unit.to_string(), stage, day),
            history,
        })
        .collect()
}

/// What is recorded for a batch's keys, looked up by borrowed key: sorted
/// once, then found by binary search (no map to build for a national
/// day's 31,797 keys). A key without a value has nothing recorded.
#[derive(Clone, Debug, Default)]
pub struct RecordedSet {
    sorted: Vec<(RecordedKey, Recorded)>,
}

impl RecordedSet {
    /// The values `found` for the keys `wanted`, in the same order.
    pub fn new(wanted: Vec<Wanted>, found: Vec<Recorded>) -> Self {
        wanted.into_iter().map(|w| w.key).zip(found).collect()
    }

    /// What is recorded for `unit`, `stage` and `day`.
    pub fn get(&self, unit: &str, stage: Stage, day: NaiveDate) -> Recorded {
        self.sorted
            .binary_search_by(|((u, s, d), _)| (u.as_str(), *s, *d).cmp(&(unit, stage, day)))
            .map_or_else(|_| Recorded::default(), |i| self.sorted[i].1)
    }
}

impl FromIterator<(RecordedKey, Recorded)> for RecordedSet {
    /// One value per key: the last given wins.
    fn from_iter<I: IntoIterator<Item = (RecordedKey, Recorded)>>(pairs: I) -> Self {
        let mut sorted: Vec<_> = pairs.into_iter().collect();
        // Stable, and linear on the sorted keys of [`recorded_keys`].
        sorted.sort_by(|a, b| a.0.cmp(&b.0));
        sorted.dedup_by(|later, kept| {
            let same = later.0 == kept.0;
            if same {
                kept.1 = later.1;
            }
            same
        });
        RecordedSet { sorted }
    }
}

/// What is recorded for `wanted`, when the unit's running total on the
/// campaign's last day (`last`: that day and the total, none when the unit
/// has no figure yet) is enough to say: after the last day nothing is
/// reported, and the running total is the last one. `history`: the most
/// the unit reported on one day of the key's window, when read already for
/// many keys at once (`Some(None)`: read, nothing reported). `None` when
/// the key needs its own lookup: a day on or before the last, or a history
/// still to read.
pub fn recorded_after_last(
    wanted: &Wanted,
    last: Option<(NaiveDate, u64)>,
    history: Option<Option<u64>>,
) -> Option<Recorded> {
    match last {
        // No totals at all: nothing reported, no history.
        None => Some(Recorded::default()),
        Some((last_day, cumulative)) if wanted.key.2 > last_day => {
            let usual_max = match (wanted.history, history) {
                (false, _) => None,
                (true, Some(most)) => most,
                (true, None) => return None,
            };
            Some(Recorded {
                count: None,
                cumulative,
                usual_max,
            })
        }
        Some(_) => None,
    }
}

/// Whether a count is far above a unit's recent days: more than three times
/// its most in [`HISTORY_DAYS`] plus a margin of 100 (small units vary a lot).
pub fn far_above(count: u64, usual_max: u64) -> bool {
    count > usual_max.saturating_mul(3) + 100
}

/// Checks figures against what is recorded: cumulative cards produced may
/// not exceed applications, nor delivered exceed produced, on any day of the
/// batch once it is applied (errors); a count far above the unit's history
/// is a warning.
pub fn check_recorded(figures: &[Figure], recorded: &RecordedSet) -> Vec<Problem> {
    let mut problems = Vec::new();
    let found: Vec<Recorded> = figures
        .iter()
        .map(|f| recorded.get(&f.report.unit_code, f.report.stage, f.report.day))
        .collect();
    // Each figure moves its stage's running total from its day on by the
    // difference with the day's recorded count. Sorted by unit, day and
    // stage: a unit's figures, then each of its days, lie together.
    let mut moves: Vec<(&Report, At, i64)> = figures
        .iter()
        .zip(&found)
        .map(|(f, was)| {
            let r = &f.report;
            (r, f.at, r.count as i64 - was.count.unwrap_or(0) as i64)
        })
        .collect();
    moves.sort_by(|(a, ..), (b, ..)| {
        (a.unit_code.as_str(), a.day, a.stage).cmp(&(b.unit_code.as_str(), b.day, b.stage))
    });
    for unit in moves.chunk_by(|(a, ..), (b, ..)| a.unit_code == b.unit_code) {
        for lines in unit.chunk_by(|(a, ..), (b, ..)| a.day == b.day) {
            let (code, day) = (lines[0].0.unit_code.as_str(), lines[0].0.day);
            let after = |stage: Stage| -> u64 {
                let moved: i64 = unit
                    .iter()
                    .filter(|(r, ..)| r.stage == stage && r.day <= day)
                    .map(|(.., m)| m)
                    .sum();
                (recorded.get(code, stage, day).cumulative as i64 + moved).max(0) as u64
            };
            for stage in [Stage::Produced, Stage::Delivered] {
                let earlier = earlier_stage(stage).expect("a later stage");
                let (cumulative, bound) = (after(stage), after(earlier));
                if cumulative > bound {
                    // On the line that sent this stage, or else the earlier one.
                    let (_, at, _) = lines
                        .iter()
                        .find(|(r, ..)| r.stage == stage)
                        .or_else(|| lines.iter().find(|(r, ..)| r.stage == earlier))
                        .unwrap_or(&lines[0]);
                    problems.push(Problem {
                        at: *at,
                        field: stage.slug().to_string(),
                        kind: ProblemKind::AboveEarlierStage {
                            stage,
                            cumulative,
                            earlier: bound,
                        },
                    });
                }
            }
        }
    }
    for (f, was) in figures.iter().zip(&found) {
        let r = &f.report;
        if let Some(usual_max) = was.usual_max
            && far_above(r.count, usual_max)
        {
            problems.push(Problem {
                at: f.at,
                field: r.stage.slug().to_string(),
                kind: ProblemKind::FarAboveHistory {
                    count: r.count,
                    usual_max,
                },
            });
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::accounts::Role;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn facts(code: &str) -> Option<UnitFacts<'static>> {
        let (name, level, path): (&str, Level, &[&str]) = match code {
            "00001" => ("Phúc Xá", Level::Commune, &["VN", "01", "001", "00001"]),
            "00004" => ("Trúc Bạch", Level::Commune, &["VN", "01", "001", "00004"]),
            "00037" => ("Phúc Tân", Level::Commune, &["VN", "01", "002", "00037"]),
            "001" => ("Ba Đình", Level::District, &["VN", "01", "001"]),
            _ => return None,
        };
        Some(UnitFacts {
            name,
            level,
            path: path.to_vec(),
        })
    }

    fn reporter(scope: &str) -> Actor {
        Actor {
            account: 7,
            name: "r".into(),
            role: Role::Reporter,
            scope: scope.into(),
        }
    }

    fn line(row: usize, unit: &str, date: &str, a: &str, p: &str, del: &str) -> RawLine {
        RawLine {
            at: At::Row(row),
            unit: unit.into(),
            date: date.into(),
            counts: vec![
                (Stage::Applications, a.into()),
                (Stage::Produced, p.into()),
                (Stage::Delivered, del.into()),
            ],
        }
    }

    fn read(lines: &[RawLine], actor: &Actor) -> (Vec<Figure>, Vec<Problem>) {
        let rules = Rules {
            actor,
            campaign_start: d("2021-03-01"),
            today: d("2021-06-30"),
            unit: &facts,
        };
        read_lines(lines, &rules)
    }

    #[test]
    fn counts_are_whole_numbers_as_people_write_them() {
        assert_eq!(parse_count(" 1.234 "), Ok(1234));
        assert_eq!(parse_count("12 345"), Ok(12_345));
        assert_eq!(parse_count("0"), Ok(0));
        assert_eq!(parse_count("100000"), Ok(ABSURD_COUNT));
        assert_eq!(parse_count("-3"), Err(ProblemKind::Negative));
        for bad in ["1,5", "12.34", "abc", "1e3", "", "1.2345"] {
            assert!(
                matches!(parse_count(bad), Err(ProblemKind::NotANumber { .. })),
                "{bad}"
            );
        }
        for too_large in [
            "100001",
            "100.001",
            "999999999999999",
            "99999999999999999999999",
        ] {
            assert_eq!(
                parse_count(too_large),
                Err(ProblemKind::TooLarge {
                    limit: ABSURD_COUNT
                }),
                "{too_large}"
            );
        }
    }

    #[test]
    fn a_good_line_gives_one_figure_per_stage_sent() {
        let (figures, problems) = read(
            &[line(2, "00001", "01/06/2021", "120", "", "35")],
            &reporter("001"),
        );
        assert!(problems.is_empty(), "{problems:?}");
        let got: Vec<(Stage, u64)> = figures
            .iter()
            .map(|f| (f.report.stage, f.report.count))
            .collect();
        assert_eq!(got, [(Stage::Applications, 120), (Stage::Delivered, 35)]);
        assert_eq!(figures[0].report.day, d("2021-06-01"));
    }

    #[test]
    fn every_rule_names_the_row_and_field() {
        let me = reporter("001");
        let cases = [
            (
                line(2, "99999", "01/06/2021", "1", "", ""),
                "unit",
                "Dòng 2, mã đơn vị: không có đơn vị mã '99999'",
            ),
            (
                line(3, "00037", "01/06/2021", "1", "", ""),
                "unit",
                "Dòng 3, mã đơn vị: Phúc Tân không thuộc phạm vi",
            ),
            (
                line(4, "001", "01/06/2021", "1", "", ""),
                "unit",
                "Dòng 4, mã đơn vị: Ba Đình là cấp huyện",
            ),
            (
                line(5, "00001", "31/02/2021", "1", "", ""),
                "date",
                "Dòng 5, ngày: '31/02/2021' không phải ngày",
            ),
            (
                line(6, "00001", "28/02/2021", "1", "", ""),
                "date",
                "Dòng 6, ngày: trước ngày bắt đầu chiến dịch 01/03/2021",
            ),
            (
                line(7, "00001", "01/07/2021", "1", "", ""),
                "date",
                "Dòng 7, ngày: sau hôm nay (30/06/2021)",
            ),
            (
                line(8, "00001", "01/06/2021", "-4", "", ""),
                "applications",
                "Dòng 8, Thu nhận hồ sơ: không được âm",
            ),
            (
                line(9, "00001", "01/06/2021", "2,5", "", ""),
                "applications",
                "Dòng 9, Thu nhận hồ sơ: '2,5' không phải số",
            ),
            (
                line(10, "00001", "01/06/2021", "", "500000", ""),
                "produced",
                "Dòng 10, Sản xuất thẻ: quá lớn",
            ),
            (
                line(11, "00001", "01/06/2021", "", "", ""),
                "applications",
                "Dòng 11, Thu nhận hồ sơ: chưa điền",
            ),
            (
                line(12, "", "01/06/2021", "1", "", ""),
                "unit",
                "Dòng 12, mã đơn vị: chưa điền",
            ),
        ];
        for (l, field, message) in cases {
            let (figures, problems) = read(std::slice::from_ref(&l), &me);
            assert!(figures.is_empty(), "{l:?}");
            assert_eq!(problems.len(), 1, "{problems:?}");
            assert_eq!(problems[0].field, field);
            let text = problems[0].message(Lang::Vi);
            assert!(text.starts_with(message), "{text}");
        }
        let (_, problems) = read(&[line(2, "99999", "x", "1", "", "")], &me);
        assert_eq!(problems.len(), 2, "both fields named");
        assert_eq!(
            problems[0].message(Lang::En),
            "Row 2, unit: no unit has the code '99999'"
        );
    }

    #[test]
    fn a_repeated_line_is_refused() {
        let lines = [
            line(2, "00001", "01/06/2021", "1", "", ""),
            line(3, "00001", "2021-06-01", "2", "", ""),
        ];
        let (figures, problems) = read(&lines, &reporter("00001"));
        assert_eq!(figures.len(), 1);
        assert_eq!(problems[0].at, At::Row(3));
        assert_eq!(problems[0].kind, ProblemKind::Duplicate);
    }

    fn figure(unit: &str, stage: Stage, day: &str, count: u64) -> Figure {
        Figure {
            at: At::Item(0),
            report: Report {
                unit_code: unit.into(),
                stage,
                day: d(day),
                count,
            },
        }
    }

    #[test]
    fn produced_may_not_pass_applications_nor_delivered_produced() {
        let on = d("2021-06-01");
        let set = |stage, count, cumulative| {
            let key = ("00001".to_string(), stage, on);
            let usual_max = None;
            (
                key,
                Recorded {
                    count,
                    cumulative,
                    usual_max,
                },
            )
        };
        let recorded: RecordedSet = [
            set(Stage::Applications, Some(10), 100),
            set(Stage::Produced, Some(5), 95),
            set(Stage::Delivered, None, 80),
        ]
        .into_iter()
        .collect();
        // Produced 20 instead of 5 brings its total to 110 > 100 applied.
        let problems = check_recorded(
            &[figure("00001", Stage::Produced, "2021-06-01", 20)],
            &recorded,
        );
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(
            problems[0].kind,
            ProblemKind::AboveEarlierStage {
                stage: Stage::Produced,
                cumulative: 110,
                earlier: 100
            }
        );
        // With more applications the same day it passes.
        let both = [
            figure("00001", Stage::Applications, "2021-06-01", 30),
            figure("00001", Stage::Produced, "2021-06-01", 20),
        ];
        assert!(check_recorded(&both, &recorded).is_empty());
        // A correction of applications downwards (100 -> 90) can break the order too.
        let lower = [figure("00001", Stage::Applications, "2021-06-01", 0)];
        let problems = check_recorded(&lower, &recorded);
        assert_eq!(problems[0].field, "produced", "{problems:?}");
        // Delivered above produced.
        let problems = check_recorded(
            &[figure("00001", Stage::Delivered, "2021-06-01", 16)],
            &recorded,
        );
        assert_eq!(
            problems[0].kind,
            ProblemKind::AboveEarlierStage {
                stage: Stage::Delivered,
                cumulative: 96,
                earlier: 95
            }
        );
    }

    #[test]
    fn the_history_is_read_only_for_counts_that_could_be_far_above_it() {
        let figure = |stage, count| Figure {
            at: At::Item(0),
            report: Report {
                unit_code: "00001".into(),
                stage,
                day: d("2021-06-01"),
                count,
            },
        };
        let wanted = recorded_keys(&[
            figure(Stage::Applications, 101),
            figure(Stage::Produced, 100),
        ]);
        let history: Vec<(Stage, bool)> = wanted.iter().map(|w| (w.key.1, w.history)).collect();
        // Every stage's figures are read (the stage order), the history of 101 only:
        // 100 is not far above even a history of zeros.
        assert_eq!(
            history,
            [
                (Stage::Applications, true),
                (Stage::Produced, false),
                (Stage::Delivered, false)
            ]
        );
        assert!(far_above(101, 0) && !far_above(100, 0));
    }

    #[test]
    fn the_last_running_total_answers_only_days_after_it_with_any_history_read() {
        let wanted = |day: &str, history| Wanted {
            key: ("00001".to_string(), Stage::Produced, d(day)),
            history,
        };
        let last = Some((d("2021-06-30"), 700));
        assert_eq!(
            recorded_after_last(&wanted("2021-07-01", false), last, None),
            Some(Recorded {
                count: None,
                cumulative: 700,
                usual_max: None
            })
        );
        // Its own day may hold a report; a history must be read.
        assert_eq!(
            recorded_after_last(&wanted("2021-06-30", false), last, None),
            None
        );
        assert_eq!(
            recorded_after_last(&wanted("2021-05-01", false), last, Some(Some(9))),
            None
        );
        assert_eq!(
            recorded_after_last(&wanted("2021-07-01", true), last, None),
            None
        );
        // Unless it was read for many keys at once.
        assert_eq!(
            recorded_after_last(&wanted("2021-07-01", true), last, Some(Some(42))),
            Some(Recorded {
                count: None,
                cumulative: 700,
                usual_max: Some(42)
            })
        );
        // A unit without totals has nothing recorded, history or not.
        assert_eq!(
            recorded_after_last(&wanted("2021-06-01", true), None, None),
            Some(Recorded::default())
        );
    }

    #[test]
    fn a_recorded_set_finds_each_key_and_defaults_the_others() {
        let value = |cumulative| Recorded {
            cumulative,
            ..Recorded::default()
        };
        let key = |unit: &str, day: &str| (unit.to_string(), Stage::Produced, d(day));
        let set: RecordedSet = [
            (key("00004", "2021-06-01"), value(4)),
            (key("00001", "2021-06-02"), value(2)),
            (key("00001", "2021-06-01"), value(1)),
            (key("00004", "2021-06-01"), value(40)),
        ]
        .into_iter()
        .collect();
        assert_eq!(set.get("00001", Stage::Produced, d("2021-06-01")), value(1));
        assert_eq!(set.get("00001", Stage::Produced, d("2021-06-02")), value(2));
        assert_eq!(
            set.get("00004", Stage::Produced, d("2021-06-01")),
            value(40),
            "the last wins"
        );
        assert_eq!(
            set.get("00004", Stage::Delivered, d("2021-06-01")),
            Recorded::default()
        );
        assert_eq!(
            set.get("00037", Stage::Produced, d("2021-06-01")),
            Recorded::default()
        );
    }

    #[test]
    fn far_above_history_is_a_warning_only_with_a_history() {
        let recorded: RecordedSet = [(
            ("00001".to_string(), Stage::Applications, d("2021-06-01")),
            Recorded {
                count: None,
                cumulative: 1_000,
                usual_max: Some(50),
            },
        )]
        .into_iter()
        .collect();
        let problems = check_recorded(
            &[figure("00001", Stage::Applications, "2021-06-01", 251)],
            &recorded,
        );
        assert_eq!(problems.len(), 1);
        assert!(problems[0].is_warning());
        assert!(
            problems[0].message(Lang::En).contains("251 is far above"),
            "{}",
            problems[0].message(Lang::En)
        );
        assert!(
            check_recorded(
                &[figure("00001", Stage::Applications, "2021-06-01", 250)],
                &recorded
            )
            .is_empty()
        );
        assert!(
            check_recorded(
                &[figure("00004", Stage::Applications, "2021-06-01", 9_000)],
                &RecordedSet::default()
            )
            .is_empty()
        );
    }
}
