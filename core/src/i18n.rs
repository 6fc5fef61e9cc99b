//! The words of the UI and of the files the server writes, Vietnamese first,
//! English second: one place, so a page and its PDF or chart say the same.

use crate::progress::{StageProgress, Status};
use crate::{Lang, Level, Stage, format};

/// Every fixed text of the UI in one language.
pub struct Texts {
    /// Product subtitle.
    pub tagline: &'static str,
    /// Overview page heading.
    pub overview_title: &'static str,
    /// Label of the as-of date picker.
    pub as_of: &'static str,
    /// Button that applies the date without JavaScript.
    pub show: &'static str,
    /// Banner over simulated figures.
    pub simulated: &'static str,
    /// "of target".
    pub of_target: &'static str,
    /// "Target".
    pub target: &'static str,
    /// The as-of day's count.
    pub today: &'static str,
    /// 7-day average.
    pub avg7: &'static str,
    /// Daily rate still required.
    pub required_daily: &'static str,
    /// Projected completion.
    pub projected: &'static str,
    /// Days left to the deadline.
    pub days_left: &'static str,
    /// Deadline.
    pub deadline: &'static str,
    /// Backlog heading.
    pub backlog: &'static str,
    /// Applied, card not yet produced.
    pub applied_not_produced: &'static str,
    /// Produced, not yet delivered.
    pub produced_not_delivered: &'static str,
    /// Cumulative chart heading.
    pub cumulative_chart: &'static str,
    /// Daily chart heading.
    pub daily_chart: &'static str,
    /// Leading provinces heading.
    pub leaders: &'static str,
    /// Lagging provinces heading.
    pub laggards: &'static str,
    /// Ranking note.
    pub ranked_by: &'static str,
    /// Column: rank.
    pub rank: &'static str,
    /// Column: province.
    pub province: &'static str,
    /// Column: region.
    pub region: &'static str,
    /// Column: cumulative.
    pub cumulative: &'static str,
    /// Last update.
    pub updated: &'static str,
    /// Loading.
    pub loading: &'static str,
    /// Error heading.
    pub error: &'static str,
    /// Page not found.
    pub not_found: &'static str,
    /// Back to the overview.
    pub back_home: &'static str,
    /// Placeholder of a date field.
    pub date_placeholder: &'static str,
    /// A date field holds no complete, real date.
    pub date_malformed: &'static str,
    /// A date field's day has no data: "{first}" and "{last}" are replaced.
    pub date_out_of_range: &'static str,
    /// The day before (a link).
    pub day_before: &'static str,
    /// The day after (a link).
    pub day_after: &'static str,
    /// Heading when no campaign is loaded yet.
    pub no_campaign: &'static str,
    /// What to do when no campaign is loaded.
    pub no_campaign_hint: &'static str,
    /// The other language's name, for the switch.
    pub other_language: &'static str,
    /// Footer source line.
    pub source: &'static str,
    /// "not projected".
    pub not_projected: &'static str,
    /// "reached".
    pub reached: &'static str,
    /// Rankings page link.
    pub nav_rankings: &'static str,
    /// Map page link.
    pub nav_map: &'static str,
    /// Search box placeholder.
    pub search_placeholder: &'static str,
    /// Search button.
    pub search_button: &'static str,
    /// Search page heading.
    pub search_title: &'static str,
    /// Search page help.
    pub search_hint: &'static str,
    /// No search results.
    pub no_results: &'static str,
    /// Rankings page heading.
    pub rankings_title: &'static str,
    /// Stage selector label.
    pub stage: &'static str,
    /// Measure selector label.
    pub rank_by: &'static str,
    /// Region filter: every region.
    pub region_all: &'static str,
    /// Column: rank change.
    pub change: &'static str,
    /// Tooltip of the rank change column.
    pub change_hint: &'static str,
    /// Column: sparkline.
    pub trend: &'static str,
    /// Column: unit.
    pub unit: &'static str,
    /// Rank cell of a unit that cannot be ranked.
    pub unranked: &'static str,
    /// Rank among siblings.
    pub among_siblings: &'static str,
    /// Rank among all units of the level.
    pub nationwide: &'static str,
    /// "out of".
    pub of: &'static str,
    /// Pager: page.
    pub page: &'static str,
    /// Pager: previous.
    pub prev: &'static str,
    /// Pager: next.
    pub next: &'static str,
    /// Map page heading.
    pub map_title: &'static str,
    /// Map help.
    pub map_hint: &'static str,
    /// Heading of a unit's children table.
    pub units_below: &'static str,
    /// Region filter label.
    pub filter_region: &'static str,
    /// Link from a province to its row in the rankings.
    pub show_in_rankings: &'static str,
    /// Links to a table as files.
    pub download_table: &'static str,
    /// Link to a unit's figures per day as a CSV file.
    pub download_series: &'static str,
    /// Menu of a chart's files.
    pub download_chart: &'static str,
    /// Link from a chart to the builder with the same chart.
    pub open_in_builder: &'static str,
    /// Navigation: chart builder.
    pub nav_charts: &'static str,
    /// Navigation: daily briefing.
    pub nav_briefing: &'static str,
    /// Chart builder heading.
    pub builder_title: &'static str,
    /// Chart type field.
    pub chart_kind: &'static str,
    /// Scope field.
    pub scope: &'static str,
    /// District choice meaning the whole province.
    pub whole_province: &'static str,
    /// Stages field.
    pub stages: &'static str,
    /// First day field.
    pub from_day: &'static str,
    /// Last day field.
    pub to_day: &'static str,
    /// Language of the chart's labels.
    pub chart_lang: &'static str,
    /// Size preset field.
    pub preset: &'static str,
    /// Annotations field group.
    pub annotations: &'static str,
    /// Published milestones annotation.
    pub milestones: &'static str,
    /// Deadline annotation.
    pub deadline_mark: &'static str,
    /// Target trajectory annotation.
    pub target_line: &'static str,
    /// User note field.
    pub note: &'static str,
    /// Preview heading.
    pub preview: &'static str,
    /// The preview could not be drawn.
    pub preview_failed: &'static str,
    /// Link to the reason.
    pub why: &'static str,
    /// Label of the link that reopens a chart.
    pub share_link: &'static str,
    /// Download buttons label.
    pub download: &'static str,
    /// Briefing heading.
    pub briefing_title: &'static str,
    /// Briefing: leading provinces.
    pub top_ten: &'static str,
    /// Briefing: lagging provinces.
    pub bottom_ten: &'static str,
    /// Briefing: rank movers heading.
    pub movers: &'static str,
    /// Briefing: no province changed rank.
    pub no_movers: &'static str,
    /// Print button.
    pub print: &'static str,
    /// PDF download link.
    pub download_pdf: &'static str,
}

const VI: Texts = Texts {
    tagline: "Tiến độ cấp căn cước công dân gắn chip",
    overview_title: "Toàn quốc",
    as_of: "Số liệu đến ngày",
    show: "Xem",
    simulated: "Số liệu mô phỏng chiến dịch 2021, hiệu chỉnh theo các mốc đã công bố; không phải số liệu thật.",
    of_target: "mục tiêu",
    target: "Mục tiêu",
    today: "Trong ngày",
    avg7: "TB 7 ngày",
    required_daily: "Cần mỗi ngày",
    projected: "Dự kiến hoàn thành",
    days_left: "Còn lại (ngày)",
    deadline: "Hạn",
    backlog: "Tồn đọng giữa các khâu",
    applied_not_produced: "Đã thu nhận, chưa sản xuất",
    produced_not_delivered: "Đã sản xuất, chưa trả thẻ",
    cumulative_chart: "Lũy kế thu nhận hồ sơ so với lộ trình mục tiêu",
    daily_chart: "Số lượng theo ngày",
    leaders: "5 tỉnh dẫn đầu",
    laggards: "5 tỉnh chậm nhất",
    ranked_by: "Xếp theo % mục tiêu thu nhận hồ sơ",
    rank: "Hạng",
    province: "Tỉnh/thành",
    region: "Vùng",
    cumulative: "Lũy kế",
    updated: "Cập nhật lúc",
    loading: "Đang tải…",
    error: "Không hiển thị được",
    not_found: "Không tìm thấy trang",
    back_home: "Về trang tổng quan",
    date_placeholder: "dd/mm/yyyy",
    date_malformed: "Nhập ngày đủ dạng dd/mm/yyyy, ví dụ 01/06/2021.",
    date_out_of_range: "Chỉ có số liệu từ {first} đến {last}.",
    day_before: "Ngày trước",
    day_after: "Ngày sau",
    no_campaign: "Chưa có số liệu",
    no_campaign_hint: "Chưa nạp chiến dịch nào vào cơ sở dữ liệu. Quản trị viên nạp số liệu mô phỏng bằng lệnh `tiendo demo`; trang sẽ hiện số liệu ngay khi có.",
    other_language: "English",
    source: "Nguồn: Bộ Công an (mô phỏng) · Tiendo",
    not_projected: "Chưa dự báo được",
    reached: "Đã đạt",
    nav_rankings: "Xếp hạng",
    nav_map: "Bản đồ",
    search_placeholder: "Tìm tỉnh, huyện, xã hoặc mã…",
    search_button: "Tìm",
    search_title: "Tìm đơn vị",
    search_hint: "Gõ tên có hoặc không dấu (\"ha dong\" tìm được \"Hà Đông\"), hoặc mã đơn vị.",
    no_results: "Không tìm thấy đơn vị nào.",
    rankings_title: "Xếp hạng 63 tỉnh, thành phố",
    stage: "Khâu",
    rank_by: "Xếp theo",
    region_all: "Tất cả các vùng",
    change: "±7 ngày",
    change_hint: "Thay đổi thứ hạng so với 7 ngày trước",
    trend: "28 ngày qua",
    unit: "Đơn vị",
    unranked: "Không xếp hạng",
    among_siblings: "Hạng trong",
    nationwide: "Hạng toàn quốc",
    of: "trên",
    page: "Trang",
    prev: "‹ Trước",
    next: "Sau ›",
    map_title: "Bản đồ tiến độ 63 tỉnh, thành phố",
    map_hint: "Di chuột lên một tỉnh để xem số liệu, bấm để mở trang của tỉnh.",
    units_below: "Đơn vị trực thuộc",
    filter_region: "Vùng",
    show_in_rankings: "Xem vị trí trong bảng xếp hạng",
    download_table: "Tải bảng",
    download_series: "Tải số liệu theo ngày",
    download_chart: "Tải biểu đồ",
    open_in_builder: "Tùy chỉnh trong trình tạo biểu đồ",
    nav_charts: "Tạo biểu đồ",
    nav_briefing: "Bản tin",
    builder_title: "Tạo biểu đồ để công bố",
    chart_kind: "Loại biểu đồ",
    scope: "Phạm vi",
    whole_province: "Cả tỉnh/thành phố",
    stages: "Công đoạn",
    from_day: "Từ ngày",
    to_day: "Đến ngày",
    chart_lang: "Ngôn ngữ biểu đồ",
    preset: "Kích thước",
    annotations: "Chú thích",
    milestones: "Mốc số liệu đã công bố",
    deadline_mark: "Hạn chót",
    target_line: "Lộ trình mục tiêu",
    note: "Ghi chú ngắn (tùy chọn)",
    preview: "Xem trước",
    preview_failed: "Không vẽ được biểu đồ với các lựa chọn này.",
    why: "Xem lý do",
    share_link: "Đường dẫn để mở lại biểu đồ này",
    download: "Tải về",
    briefing_title: "Bản tin tiến độ hằng ngày",
    top_ten: "10 tỉnh, thành phố dẫn đầu",
    bottom_ten: "10 tỉnh, thành phố cuối bảng",
    movers: "Thay đổi hạng so với hôm trước",
    no_movers: "Không tỉnh, thành phố nào thay đổi hạng so với hôm trước.",
    print: "In",
    download_pdf: "Tải PDF",
};

const EN: Texts = Texts {
    tagline: "Chip-based citizen ID card issuance progress",
    overview_title: "Nationwide",
    as_of: "Figures as of",
    show: "Show",
    simulated: "Simulated 2021 campaign, calibrated to the published milestones; not real figures.",
    of_target: "of target",
    target: "Target",
    today: "On the day",
    avg7: "7-day avg",
    required_daily: "Needed per day",
    projected: "Projected completion",
    days_left: "Days left",
    deadline: "Deadline",
    backlog: "Backlog between stages",
    applied_not_produced: "Applied, not yet produced",
    produced_not_delivered: "Produced, not yet delivered",
    cumulative_chart: "Cumulative applications against the target trajectory",
    daily_chart: "Daily counts",
    leaders: "5 leading provinces",
    laggards: "5 lagging provinces",
    ranked_by: "Ranked by % of the applications target",
    rank: "Rank",
    province: "Province",
    region: "Region",
    cumulative: "Cumulative",
    updated: "Updated",
    loading: "Loading…",
    error: "Could not show this",
    not_found: "Page not found",
    back_home: "Back to the overview",
    date_placeholder: "dd/mm/yyyy",
    date_malformed: "Type a whole date as dd/mm/yyyy, e.g. 01/06/2021.",
    date_out_of_range: "There are figures from {first} to {last} only.",
    day_before: "Day before",
    day_after: "Day after",
    no_campaign: "No figures yet",
    no_campaign_hint: "No campaign is loaded into the database yet. An operator loads the simulated one with `tiendo demo`; this page shows the figures as soon as there are any.",
    other_language: "Tiếng Việt",
    source: "Source: Ministry of Public Security (simulated) · Tiendo",
    not_projected: "Cannot be projected",
    reached: "Reached",
    nav_rankings: "Rankings",
    nav_map: "Map",
    search_placeholder: "Find a province, district, commune or code…",
    search_button: "Search",
    search_title: "Find a unit",
    search_hint: "Type a name with or without diacritics (\"ha dong\" finds \"Hà Đông\"), or a unit code.",
    no_results: "No unit found.",
    rankings_title: "The 63 provinces ranked",
    stage: "Stage",
    rank_by: "Rank by",
    region_all: "All regions",
    change: "±7 days",
    change_hint: "Rank change against 7 days earlier",
    trend: "Last 28 days",
    unit: "Unit",
    unranked: "Not ranked",
    among_siblings: "Rank within",
    nationwide: "Rank nationwide",
    of: "of",
    page: "Page",
    prev: "‹ Previous",
    next: "Next ›",
    map_title: "Progress map of the 63 provinces",
    map_hint: "Hover over a province to see its figure; click to open its page.",
    units_below: "Units below",
    filter_region: "Region",
    show_in_rankings: "See it in the rankings",
    download_table: "Download the table",
    download_series: "Download the figures per day",
    download_chart: "Download chart",
    open_in_builder: "Customise in the chart builder",
    nav_charts: "Charts",
    nav_briefing: "Briefing",
    builder_title: "Build a chart to publish",
    chart_kind: "Chart",
    scope: "Scope",
    whole_province: "Whole province",
    stages: "Stages",
    from_day: "From",
    to_day: "To",
    chart_lang: "Chart language",
    preset: "Size",
    annotations: "Annotations",
    milestones: "Published figures",
    deadline_mark: "Deadline",
    target_line: "Target trajectory",
    note: "Short note (optional)",
    preview: "Preview",
    preview_failed: "The chart cannot be drawn with these choices.",
    why: "See why",
    share_link: "Link that reopens this chart",
    download: "Download",
    briefing_title: "Daily progress briefing",
    top_ten: "10 leading provinces",
    bottom_ten: "10 lagging provinces",
    movers: "Rank changes since the day before",
    no_movers: "No province changed rank since the day before.",
    print: "Print",
    download_pdf: "Download PDF",
};

/// The texts of `lang`.
pub fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Vi => &VI,
        Lang::En => &EN,
    }
}

/// A level's name in the plural, as the heading of a table of such units.
pub fn level_label(level: Level, lang: Lang) -> &'static str {
    match (level, lang) {
        (Level::Nation, Lang::Vi) => "Toàn quốc",
        (Level::Province, Lang::Vi) => "Tỉnh, thành phố",
        (Level::District, Lang::Vi) => "Quận, huyện, thị xã",
        (Level::Commune, Lang::Vi) => "Xã, phường, thị trấn",
        (Level::Nation, Lang::En) => "Nationwide",
        (Level::Province, Lang::En) => "Provinces",
        (Level::District, Lang::En) => "Districts",
        (Level::Commune, Lang::En) => "Communes",
    }
}

/// A level's name in the singular, for one unit: "Quận/huyện".
pub fn level_name(level: Level, lang: Lang) -> &'static str {
    match (level, lang) {
        (Level::Nation, Lang::Vi) => "Toàn quốc",
        (Level::Province, Lang::Vi) => "Tỉnh/thành phố",
        (Level::District, Lang::Vi) => "Quận/huyện",
        (Level::Commune, Lang::Vi) => "Xã/phường/thị trấn",
        (Level::Nation, Lang::En) => "Nation",
        (Level::Province, Lang::En) => "Province",
        (Level::District, Lang::En) => "District",
        (Level::Commune, Lang::En) => "Commune",
    }
}

/// A status in words.
pub fn status_label(status: Status, lang: Lang) -> &'static str {
    match (status, lang) {
        (Status::Met, Lang::Vi) => "Đã đạt mục tiêu",
        (Status::OnTrack, Lang::Vi) => "Đúng tiến độ",
        (Status::Behind, Lang::Vi) => "Chậm tiến độ",
        (Status::NoRate, Lang::Vi) => "Không có số liệu 7 ngày",
        (Status::DeadlinePassed, Lang::Vi) => "Quá hạn, chưa đạt",
        (Status::NoTarget, Lang::Vi) => "Chưa giao mục tiêu",
        (Status::Met, Lang::En) => "Target met",
        (Status::OnTrack, Lang::En) => "On track",
        (Status::Behind, Lang::En) => "Behind schedule",
        (Status::NoRate, Lang::En) => "No figures in 7 days",
        (Status::DeadlinePassed, Lang::En) => "Deadline passed, not met",
        (Status::NoTarget, Lang::En) => "No target",
    }
}

/// The source line under every chart and briefing: "Nguồn: Bộ Công an · Số
/// liệu đến ngày 01/06/2021", saying so when the figures are simulated.
pub fn source_line(lang: Lang, as_of: chrono::NaiveDate, simulated: bool) -> String {
    let date = format::date(as_of);
    let mut line = match lang {
        Lang::Vi => format!("Nguồn: Bộ Công an · Số liệu đến ngày {date}"),
        Lang::En => format!("Source: Ministry of Public Security · Figures as of {date}"),
    };
    if simulated {
        line.push_str(match lang {
            Lang::Vi => " · Số liệu mô phỏng",
            Lang::En => " · Simulated figures",
        });
    }
    line
}

/// "120 / 10.599 xã, phường, thị trấn chưa báo cáo ... trong 3 ngày qua".
pub fn silent_sentence(silent: u64, all: u64, days: u32, lang: Lang) -> String {
    let (silent, all) = (format::int(silent, lang), format::int(all, lang));
    match lang {
        Lang::Vi => format!(
            "{silent} / {all} xã, phường, thị trấn chưa báo cáo thu nhận hồ sơ trong {days} ngày qua"
        ),
        Lang::En => format!(
            "{silent} of {all} communes sent no applications report in the last {days} days"
        ),
    }
}

/// The columns of the national table (briefing page and PDF).
pub fn national_columns(lang: Lang) -> [&'static str; 8] {
    let t = texts(lang);
    [
        t.stage,
        t.cumulative,
        t.target,
        "%",
        t.today,
        t.avg7,
        t.required_daily,
        t.projected,
    ]
}

/// One stage's row of the national table as text, "—" where there is no value.
pub fn national_row(stage: Stage, p: &StageProgress, lang: Lang) -> [String; 8] {
    let dash = || "—".to_string();
    [
        stage.label(lang).to_string(),
        format::int(p.cumulative, lang),
        p.target.map_or_else(dash, |v| format::int(v, lang)),
        p.percent_of_target
            .map_or_else(dash, |v| format::percent(v, lang)),
        format::int(p.daily, lang),
        format::int(p.avg7.round() as u64, lang),
        p.required_daily
            .map_or_else(dash, |v| format::int(v.ceil() as u64, lang)),
        p.projected_completion.map_or_else(dash, format::date),
    ]
}

/// Why a typed day cannot be used, in words with the days that have data.
pub fn day_error(
    error: crate::params::DayError,
    first: chrono::NaiveDate,
    last: chrono::NaiveDate,
    lang: Lang,
) -> String {
    let t = texts(lang);
    match error {
        crate::params::DayError::Malformed => t.date_malformed.to_string(),
        crate::params::DayError::OutOfRange => t
            .date_out_of_range
            .replace("{first}", &format::date(first))
            .replace("{last}", &format::date(last)),
    }
}
