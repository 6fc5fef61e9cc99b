//! What a downloadable chart is: its kind, size preset, format and every
//! choice of the chart builder, read from and written to a URL query.
//!
//! Shared by the server (which draws the file) and the browser (the builder
//! and the download menus build the same URLs), so both agree on the names.

use chrono::NaiveDate;

use crate::params::{ParamError, encode, parse_date, parse_slug};
use crate::rankings::Measure;
use crate::{Lang, Stage};

/// Longest user note drawn on a chart, in characters: one line on a slide.
pub const NOTE_MAX_CHARS: usize = 100;

/// A chart that can be downloaded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ChartKind {
    /// Running totals against the target trajectory.
    Cumulative,
    /// Daily counts, one panel per stage.
    Daily,
    /// Cards waiting between stages, day by day.
    Backlog,
    /// Bars of the leading and lagging children of a unit.
    Ranking,
    /// The provinces coloured by a measure.
    Map,
}

impl ChartKind {
    /// Every kind, in menu order.
    pub const ALL: [ChartKind; 5] = [
        ChartKind::Cumulative,
        ChartKind::Daily,
        ChartKind::Backlog,
        ChartKind::Ranking,
        ChartKind::Map,
    ];

    /// The name in URLs: `/export/chart/{slug}.png`.
    pub fn slug(self) -> &'static str {
        match self {
            ChartKind::Cumulative => "cumulative",
            ChartKind::Daily => "daily",
            ChartKind::Backlog => "backlog",
            ChartKind::Ranking => "ranking",
            ChartKind::Map => "map",
        }
    }

    /// Parses the `field` parameter; the error lists the allowed values.
    pub fn parse(field: &str, value: &str) -> Result<ChartKind, ParamError> {
        parse_slug(field, value, "chart", &ChartKind::ALL, ChartKind::slug)
    }

    /// The name shown in menus.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (ChartKind::Cumulative, Lang::Vi) => "Lũy kế so với mục tiêu",
            (ChartKind::Cumulative, Lang::En) => "Cumulative against target",
            (ChartKind::Daily, Lang::Vi) => "Số lượng theo ngày",
            (ChartKind::Daily, Lang::En) => "Daily counts",
            (ChartKind::Backlog, Lang::Vi) => "Tồn đọng giữa các khâu",
            (ChartKind::Backlog, Lang::En) => "Backlog between stages",
            (ChartKind::Ranking, Lang::Vi) => "Xếp hạng đơn vị",
            (ChartKind::Ranking, Lang::En) => "Unit ranking",
            (ChartKind::Map, Lang::Vi) => "Bản đồ tỉnh, thành phố",
            (ChartKind::Map, Lang::En) => "Map of provinces",
        }
    }

    /// The first word of its file names (Vietnamese, without diacritics).
    pub fn file_prefix(self) -> &'static str {
        match self {
            ChartKind::Cumulative => "tien-do",
            ChartKind::Daily => "theo-ngay",
            ChartKind::Backlog => "ton-dong",
            ChartKind::Ranking => "xep-hang",
            ChartKind::Map => "ban-do",
        }
    }

    /// Whether the chart shows several stages at once (the others show the first chosen).
    pub fn many_stages(self) -> bool {
        matches!(self, ChartKind::Cumulative | ChartKind::Daily)
    }

    /// Whether the chart is about chosen stages (the backlog is about the gaps between all three).
    pub fn uses_stage(self) -> bool {
        self != ChartKind::Backlog
    }

    /// Whether the chart ranks units by a measure (`by`).
    pub fn uses_measure(self) -> bool {
        matches!(self, ChartKind::Ranking | ChartKind::Map)
    }

    /// Whether the chart runs over days (`from`, annotations).
    pub fn over_time(self) -> bool {
        matches!(
            self,
            ChartKind::Cumulative | ChartKind::Daily | ChartKind::Backlog
        )
    }
}

/// The size a chart is drawn at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Preset {
    /// The size it has on the page.
    Screen,
    /// A 16:9 slide, 1920×1080.
    Slide,
    /// A social-media card, 1200×630 (also the link preview's picture).
    Social,
    /// A square social post, 1080×1080.
    Square,
    /// A portrait social post, 1080×1350.
    Portrait,
    /// A4 landscape at 300 dpi, 3508×2480.
    A4,
}

impl Preset {
    /// Every preset, in menu order.
    pub const ALL: [Preset; 6] = [
        Preset::Screen,
        Preset::Slide,
        Preset::Social,
        Preset::Square,
        Preset::Portrait,
        Preset::A4,
    ];

    /// The name in URLs (`preset=`).
    pub fn slug(self) -> &'static str {
        match self {
            Preset::Screen => "screen",
            Preset::Slide => "slide",
            Preset::Social => "social",
            Preset::Square => "square",
            Preset::Portrait => "portrait",
            Preset::A4 => "a4",
        }
    }

    /// Parses the `field` parameter; the error lists the allowed values.
    pub fn parse(field: &str, value: &str) -> Result<Preset, ParamError> {
        parse_slug(field, value, "preset", &Preset::ALL, Preset::slug)
    }

    /// Width and height in pixels.
    pub fn size(self) -> (u32, u32) {
        match self {
            Preset::Screen => (960, 540),
            Preset::Slide => (1920, 1080),
            Preset::Social => (1200, 630),
            Preset::Square => (1080, 1080),
            Preset::Portrait => (1080, 1350),
            // 297 × 210 mm at 300 dots per inch.
            Preset::A4 => (3508, 2480),
        }
    }

    /// The name shown in menus, with the size.
    pub fn label(self, lang: Lang) -> String {
        let (w, h) = self.size();
        let name = match (self, lang) {
            (Preset::Screen, Lang::Vi) => "Màn hình",
            (Preset::Screen, Lang::En) => "Screen",
            (Preset::Slide, Lang::Vi) => "Trình chiếu",
            (Preset::Slide, Lang::En) => "Slide",
            (Preset::Social, Lang::Vi) => "Mạng xã hội",
            (Preset::Social, Lang::En) => "Social media",
            (Preset::Square, Lang::Vi) => "Mạng xã hội, vuông",
            (Preset::Square, Lang::En) => "Social media, square",
            (Preset::Portrait, Lang::Vi) => "Mạng xã hội, dọc",
            (Preset::Portrait, Lang::En) => "Social media, portrait",
            (Preset::A4, Lang::Vi) => "In A4 ngang, 300 dpi",
            (Preset::A4, Lang::En) => "Print A4 landscape, 300 dpi",
        };
        format!("{name} ({w}×{h})")
    }
}

/// The file a chart is written to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FileFormat {
    /// A bitmap for slides and posts.
    Png,
    /// Vectors, for print and editing.
    Svg,
}

impl FileFormat {
    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            FileFormat::Png => "png",
            FileFormat::Svg => "svg",
        }
    }

    /// The HTTP content type.
    pub fn content_type(self) -> &'static str {
        match self {
            FileFormat::Png => "image/png",
            FileFormat::Svg => "image/svg+xml",
        }
    }

    /// Splits `cumulative.png` into the chart and the format.
    pub fn split_file_name(file: &str) -> Option<(&str, FileFormat)> {
        let (name, ext) = file.rsplit_once('.')?;
        let format = match ext {
            "png" => FileFormat::Png,
            "svg" => FileFormat::Svg,
            _ => return None,
        };
        Some((name, format))
    }
}

/// A chart's first day `from` must come before its as-of day `day`.
pub fn check_from_before(from: NaiveDate, day: NaiveDate) -> Result<(), ParamError> {
    if from < day {
        return Ok(());
    }
    Err(ParamError::new(
        "from",
        format!("{from} must be before the as-of day {day}"),
        format!(
            "ngày bắt đầu {} phải trước ngày {}",
            crate::format::date(from),
            crate::format::date(day)
        ),
    ))
}

/// The licence under which Tiendo publishes its figures and charts: a
/// deployment that publishes under other terms changes it here.
pub const FIGURES_LICENCE: &str = "CC BY 4.0";

/// Where that licence is written out.
pub const FIGURES_LICENCE_URL: &str = "https://creativecommons.org/licenses/by/4.0/deed.vi";

/// Everything a downloadable chart shows: the parameters of
/// `/export/chart/{kind}.{png|svg}` and the state of the chart builder.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartRequest {
    /// Which chart.
    pub kind: ChartKind,
    /// The unit whose figures are drawn (`unit`, default the nation).
    pub unit: String,
    /// Stages drawn (`stage`, comma-separated), at least one.
    pub stages: Vec<Stage>,
    /// First day drawn (`from`; default the first day of the campaign).
    pub from: Option<NaiveDate>,
    /// As-of day, the last day drawn (`date`; default the last day with data).
    pub date: Option<NaiveDate>,
    /// Measure of the ranking and the map (`by`).
    pub measure: Measure,
    /// Size.
    pub preset: Preset,
    /// Language of every label.
    pub lang: Lang,
    /// Mark the published national figures (`milestones=0` hides them).
    pub milestones: bool,
    /// Mark the deadline (`deadline=0` hides it).
    pub deadline: bool,
    /// Draw the target trajectory (`target=0` hides it).
    pub target: bool,
    /// A short note of the user's, drawn under the subtitle (`note`).
    pub note: Option<String>,
    /// Only the units of this region (its slug), for the ranking (`region`).
    pub region: Option<String>,
}

/// The parameters `ChartRequest::from_query` accepts.
pub const CHART_PARAMS: [&str; 12] = [
    "unit",
    "stage",
    "from",
    "date",
    "by",
    "preset",
    "lang",
    "milestones",
    "deadline",
    "target",
    "note",
    "region",
];

impl ChartRequest {
    /// The default chart of `kind`: the nation, applications, every annotation, on screen.
    pub fn new(kind: ChartKind, unit: &str) -> ChartRequest {
        ChartRequest {
            kind,
            unit: unit.to_string(),
            stages: vec![Stage::Applications],
            from: None,
            date: None,
            measure: Measure::PercentOfTarget,
            preset: Preset::Screen,
            lang: Lang::Vi,
            milestones: true,
            deadline: true,
            target: true,
            note: None,
            region: None,
        }
    }

    /// Reads the query parameters of a chart URL; each error names its
    /// parameter, and unknown parameters are errors too.
    pub fn from_query<'a>(
        kind: ChartKind,
        default_unit: &str,
        params: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<ChartRequest, ParamError> {
        let mut r = ChartRequest::new(kind, default_unit);
        let mut params_had_by = false;
        for (key, value) in params {
            params_had_by |= key == "by";
            match key {
                "unit" => r.unit = value.trim().to_string(),
                "stage" => r.stages = parse_stages(key, value)?,
                "from" => r.from = Some(parse_date(key, value)?),
                "date" => r.date = Some(parse_date(key, value)?),
                "by" => r.measure = Measure::parse(key, value)?,
                "preset" => r.preset = Preset::parse(key, value)?,
                "lang" => r.lang = Lang::parse(key, value)?,
                "milestones" => r.milestones = parse_switch(key, value)?,
                "deadline" => r.deadline = parse_switch(key, value)?,
                "target" => r.target = parse_switch(key, value)?,
                "note" => r.note = parse_note(key, value)?,
                "region" => r.region = Some(value.trim().to_string()).filter(|v| !v.is_empty()),
                other => {
                    return Err(ParamError::new(
                        other,
                        format!("unknown parameter (allowed: {})", CHART_PARAMS.join(", ")),
                        format!("không có tham số này (dùng: {})", CHART_PARAMS.join(", ")),
                    ));
                }
            }
        }
        if r.unit.is_empty() {
            return Err(ParamError::new(
                "unit",
                "a unit code is required",
                "cần mã đơn vị",
            ));
        }
        if let (Some(from), Some(date)) = (r.from, r.date) {
            check_from_before(from, date)?;
        }
        if kind == ChartKind::Map && r.unit != default_unit {
            return Err(ParamError::new(
                "unit",
                "the map shows the whole country: leave unit out",
                "bản đồ luôn là toàn quốc: bỏ đơn vị",
            ));
        }
        if r.from.is_some() && !kind.over_time() {
            return Err(ParamError::new(
                "from",
                format!("the {} chart shows one day: use date", kind.slug()),
                format!("biểu đồ {} chỉ vẽ một ngày: chọn ngày", kind.slug()),
            ));
        }
        if params_had_by && !kind.uses_measure() {
            return Err(ParamError::new(
                "by",
                "only the ranking and map charts use a measure",
                "chỉ biểu đồ xếp hạng và bản đồ có tiêu chí",
            ));
        }
        if r.region.is_some() && kind != ChartKind::Ranking {
            return Err(ParamError::new(
                "region",
                "only the ranking chart filters by region",
                "chỉ biểu đồ xếp hạng lọc theo vùng",
            ));
        }
        if !kind.many_stages() && r.stages.len() > 1 {
            return Err(ParamError::new(
                "stage",
                format!("the {} chart shows one stage", kind.slug()),
                format!("biểu đồ {} chỉ vẽ một khâu", kind.slug()),
            ));
        }
        Ok(r)
    }

    /// The query string that reopens this chart; defaults are left out so
    /// URLs stay short.
    pub fn query(&self, default_unit: &str) -> String {
        self.pairs(default_unit)
            .into_iter()
            .map(|(k, v)| format!("{k}={}", encode(&v)))
            .collect::<Vec<_>>()
            .join("&")
    }

    /// The parameters of [`ChartRequest::query`], unencoded.
    pub fn pairs(&self, default_unit: &str) -> Vec<(String, String)> {
        let defaults = ChartRequest::new(self.kind, default_unit);
        let mut q: Vec<(&str, String)> = Vec::new();
        if self.unit != defaults.unit {
            q.push(("unit", self.unit.clone()));
        }
        if self.stages != defaults.stages {
            q.push((
                "stage",
                self.stages
                    .iter()
                    .map(|s| s.slug())
                    .collect::<Vec<_>>()
                    .join(","),
            ));
        }
        if let Some(d) = self.from {
            q.push(("from", d.to_string()));
        }
        if let Some(d) = self.date {
            q.push(("date", d.to_string()));
        }
        if self.kind.uses_measure() && self.measure != defaults.measure {
            q.push(("by", self.measure.slug().to_string()));
        }
        if self.preset != defaults.preset {
            q.push(("preset", self.preset.slug().to_string()));
        }
        if self.lang != defaults.lang {
            q.push(("lang", self.lang.code().to_string()));
        }
        for (key, on) in [
            ("milestones", self.milestones),
            ("deadline", self.deadline),
            ("target", self.target),
        ] {
            if !on {
                q.push((key, "0".into()));
            }
        }
        if let Some(note) = &self.note {
            q.push(("note", note.clone()));
        }
        if let Some(region) = &self.region {
            q.push(("region", region.clone()));
        }
        q.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
    }

    /// The download URL of this chart in `format`.
    pub fn url(&self, format: FileFormat, default_unit: &str) -> String {
        self.at(
            &format!("/export/chart/{}.{}", self.kind.slug(), format.extension()),
            default_unit,
        )
    }

    /// The figures this chart draws, as `extension` (`csv` or `xlsx`).
    pub fn data_url(&self, extension: &str, default_unit: &str) -> String {
        self.at(
            &format!("/export/chart/{}.{extension}", self.kind.slug()),
            default_unit,
        )
    }

    /// The chart-only page of this chart, for an `<iframe>` on another site.
    pub fn embed_url(&self, default_unit: &str) -> String {
        self.at(&format!("/embed/chart/{}", self.kind.slug()), default_unit)
    }

    /// `path` with this chart's query.
    fn at(&self, path: &str, default_unit: &str) -> String {
        let query = self.query(default_unit);
        let sep = if query.is_empty() { "" } else { "?" };
        format!("{path}{sep}{query}")
    }
}

/// `applications,produced` → the stages, in the order given, without repeats.
fn parse_stages(field: &str, value: &str) -> Result<Vec<Stage>, ParamError> {
    let mut stages = Vec::new();
    for part in value.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let stage = Stage::parse(field, part)?;
        if !stages.contains(&stage) {
            stages.push(stage);
        }
    }
    if stages.is_empty() {
        return Err(ParamError::new(
            field,
            "choose at least one stage",
            "chọn ít nhất một khâu",
        ));
    }
    Ok(stages)
}

/// `1`/`0` (also `true`/`false`, `on`/`off`).
fn parse_switch(field: &str, value: &str) -> Result<bool, ParamError> {
    match value {
        "1" | "true" | "on" => Ok(true),
        "0" | "false" | "off" => Ok(false),
        other => Err(ParamError::new(
            field,
            format!("expected 1 or 0, got '{other}'"),
            format!("cần 1 hoặc 0, nhận được '{other}'"),
        )),
    }
}

fn parse_note(field: &str, value: &str) -> Result<Option<String>, ParamError> {
    let note = value.trim();
    if note.chars().count() > NOTE_MAX_CHARS {
        return Err(ParamError::new(
            field,
            format!("at most {NOTE_MAX_CHARS} characters"),
            format!("tối đa {NOTE_MAX_CHARS} ký tự"),
        ));
    }
    // Controls and the code points XML forbids (U+FFFE, U+FFFF, U+FDD0–U+FDEF).
    let unusable =
        |c: char| c.is_control() || matches!(c as u32, 0xFFFE | 0xFFFF | 0xFDD0..=0xFDEF);
    if note.chars().any(unusable) {
        return Err(ParamError::new(
            field,
            "must be a single line of text",
            "chỉ được một dòng chữ",
        ));
    }
    Ok((!note.is_empty()).then(|| note.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(kind: ChartKind, q: &[(&str, &str)]) -> Result<ChartRequest, ParamError> {
        ChartRequest::from_query(kind, "VN", q.iter().copied())
    }

    #[test]
    fn defaults_are_the_national_applications_chart_on_screen() {
        let r = parse(ChartKind::Cumulative, &[]).unwrap();
        assert_eq!(r.unit, "VN");
        assert_eq!(r.stages, vec![Stage::Applications]);
        assert_eq!(r.preset, Preset::Screen);
        assert!(r.milestones && r.deadline && r.target);
        assert_eq!(r.url(FileFormat::Png, "VN"), "/export/chart/cumulative.png");
        // Its figures and its embed page take the same parameters.
        let r = parse(
            ChartKind::Ranking,
            &[("unit", "01"), ("date", "2021-06-01")],
        )
        .unwrap();
        assert_eq!(
            r.data_url("csv", "VN"),
            "/export/chart/ranking.csv?unit=01&date=2021-06-01"
        );
        assert_eq!(
            r.embed_url("VN"),
            "/embed/chart/ranking?unit=01&date=2021-06-01"
        );
    }

    #[test]
    fn every_choice_survives_a_round_trip_through_the_url() {
        let q = [
            ("unit", "01"),
            ("stage", "produced,applications"),
            ("from", "2021-04-01"),
            ("date", "2021-06-01"),
            ("preset", "slide"),
            ("lang", "en"),
            ("milestones", "0"),
            ("note", "Số liệu sơ bộ & chưa kiểm tra"),
        ];
        let r = parse(ChartKind::Daily, &q).unwrap();
        assert_eq!(r.stages, vec![Stage::Produced, Stage::Applications]);
        assert_eq!(r.note.as_deref(), Some("Số liệu sơ bộ & chưa kiểm tra"));
        let query = r.query("VN");
        assert!(query.contains("note=S%E1%BB%91"), "{query}");
        // Decode the query as a browser would and parse it again.
        let decoded: Vec<(String, String)> = query
            .split('&')
            .map(|kv| {
                let (k, v) = kv.split_once('=').unwrap();
                (k.to_string(), percent_decode(v))
            })
            .collect();
        let again = ChartRequest::from_query(
            ChartKind::Daily,
            "VN",
            decoded.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        )
        .unwrap();
        assert_eq!(again, r);
    }

    fn percent_decode(s: &str) -> String {
        let bytes = s.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%' {
                out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
                i += 3;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn bad_parameters_are_named() {
        let field = |kind, q: &[(&str, &str)]| parse(kind, q).unwrap_err().field;
        assert_eq!(
            field(ChartKind::Cumulative, &[("preset", "poster")]),
            "preset"
        );
        assert_eq!(
            field(ChartKind::Cumulative, &[("stage", "printed")]),
            "stage"
        );
        assert_eq!(field(ChartKind::Cumulative, &[("stage", ",")]), "stage");
        assert_eq!(
            field(ChartKind::Cumulative, &[("date", "01/06/2021")]),
            "date"
        );
        assert_eq!(field(ChartKind::Cumulative, &[("target", "yes")]), "target");
        assert_eq!(field(ChartKind::Cumulative, &[("colour", "red")]), "colour");
        assert_eq!(field(ChartKind::Cumulative, &[("unit", " ")]), "unit");
        assert_eq!(
            field(
                ChartKind::Cumulative,
                &[("from", "2021-06-01"), ("date", "2021-05-01")]
            ),
            "from"
        );
        assert_eq!(
            field(ChartKind::Map, &[("stage", "applications,produced")]),
            "stage"
        );
        assert_eq!(field(ChartKind::Map, &[("unit", "01")]), "unit");
        assert_eq!(
            field(ChartKind::Daily, &[("region", "tay-nguyen")]),
            "region"
        );
        let ranked = parse(ChartKind::Ranking, &[("region", "tay-nguyen")]).unwrap();
        assert_eq!(ranked.query("VN"), "region=tay-nguyen");
        let long = "x".repeat(NOTE_MAX_CHARS + 1);
        assert_eq!(field(ChartKind::Daily, &[("note", &long)]), "note");
        assert_eq!(field(ChartKind::Daily, &[("note", "a\nb")]), "note");
        assert_eq!(field(ChartKind::Daily, &[("note", "a\u{FFFE}")]), "note");
        assert_eq!(field(ChartKind::Map, &[("from", "2021-04-01")]), "from");
        assert_eq!(field(ChartKind::Daily, &[("by", "avg7")]), "by");
    }

    #[test]
    fn ranking_and_cumulative_choices_survive_a_round_trip() {
        let ranking = parse(
            ChartKind::Ranking,
            &[
                ("unit", "01"),
                ("stage", "produced"),
                ("by", "avg7"),
                ("region", "dong-bang-song-hong"),
                ("date", "2021-06-01"),
            ],
        )
        .unwrap();
        let cumulative = parse(
            ChartKind::Cumulative,
            &[
                ("deadline", "0"),
                ("target", "0"),
                ("milestones", "0"),
                ("from", "2021-04-01"),
            ],
        )
        .unwrap();
        for r in [ranking, cumulative] {
            let query = r.query("VN");
            let pairs: Vec<(&str, &str)> = query
                .split('&')
                .map(|kv| kv.split_once('=').unwrap())
                .collect();
            assert_eq!(
                ChartRequest::from_query(r.kind, "VN", pairs).unwrap(),
                r,
                "{query}"
            );
        }
    }

    #[test]
    fn file_names_split_into_chart_and_format() {
        assert_eq!(
            FileFormat::split_file_name("map.svg"),
            Some(("map", FileFormat::Svg))
        );
        assert_eq!(FileFormat::split_file_name("map.jpg"), None);
        assert_eq!(Preset::A4.size(), (3508, 2480));
    }
}
