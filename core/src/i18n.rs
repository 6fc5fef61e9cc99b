//! The words of the UI and of the files the server writes, Vietnamese first,
//! English second: one place, so a page and its PDF or chart say the same.

use crate::progress::{StageProgress, Status, Verdict};
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
    /// The link that skips the top bar for keyboard and screen-reader users.
    pub skip_to_content: &'static str,
    /// Label of the suggestions under the search box.
    pub suggestions: &'static str,
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
    /// The map's figures as a table.
    pub map_table: &'static str,
    /// Heading of a unit's children table.
    pub units_below: &'static str,
    /// Region filter label.
    pub filter_region: &'static str,
    /// Link to a CSV file written for a spreadsheet set to Vietnamese.
    pub csv_for_excel: &'static str,
    /// What the status column means.
    pub status_hint: &'static str,
    /// Column of downloaded tables: where the figures come from.
    pub source_column: &'static str,
    /// Column: status (on track, behind, met, no data).
    pub status_column: &'static str,
    /// Filter: only the units behind schedule.
    pub only_behind: &'static str,
    /// Filter off: every unit.
    pub all_units: &'static str,
    /// A province's table: every commune in one list.
    pub every_commune: &'static str,
    /// A province's table: its districts.
    pub by_district: &'static str,
    /// Order: the worst first.
    pub worst_first: &'static str,
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
    /// Label of the chart's data downloads.
    pub chart_data: &'static str,
    /// Button that copies a field to the clipboard.
    pub copy: &'static str,
    /// What that button says once done.
    pub copied: &'static str,
    /// Label of the embed code.
    pub embed_code: &'static str,
    /// Heading of the citation line.
    pub cite_as: &'static str,
    /// Before the licence's name.
    pub licence: &'static str,
    /// The embedded chart's link back.
    pub open_in_tiendo: &'static str,
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
    skip_to_content: "Bỏ qua, đến nội dung chính",
    suggestions: "Gợi ý",
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
    map_table: "Số liệu của bản đồ dạng bảng (xếp hạng, sắp xếp được)",
    units_below: "Đơn vị trực thuộc",
    filter_region: "Vùng",
    status_column: "Tình trạng",
    source_column: "Nguồn",
    status_hint: "Đúng tiến độ: kịp hạn với tốc độ 7 ngày; Chậm: không kịp, quá hạn hoặc 7 ngày không báo cáo; Chưa có số liệu: chưa báo cáo hoặc chưa giao mục tiêu",
    csv_for_excel: "CSV cho Excel (dấu ;)",
    only_behind: "Chỉ đơn vị chậm tiến độ",
    all_units: "Tất cả đơn vị",
    every_commune: "Xếp hạng tất cả xã/phường trong tỉnh",
    by_district: "Xếp hạng theo quận/huyện",
    worst_first: "Kém nhất trước",
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
    chart_data: "Số liệu của biểu đồ",
    copy: "Chép",
    copied: "Đã chép",
    embed_code: "Mã nhúng vào trang web",
    cite_as: "Trích dẫn",
    licence: "Giấy phép",
    open_in_tiendo: "Mở trên Tiendo",
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
    skip_to_content: "Skip to main content",
    suggestions: "Suggestions",
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
    map_table: "The map's figures as a table (ranked, sortable)",
    units_below: "Units below",
    filter_region: "Region",
    status_column: "Status",
    source_column: "Source",
    status_hint: "On track: meets the deadline at its 7-day rate; Behind: will not, the deadline passed, or 7 days without reports; No data: nothing reported or no target",
    csv_for_excel: "CSV for Excel in Vietnamese (;)",
    only_behind: "Only units behind",
    all_units: "All units",
    every_commune: "Rank every commune in the province",
    by_district: "Rank by district",
    worst_first: "Worst first",
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
    chart_data: "The chart's figures",
    copy: "Copy",
    copied: "Copied",
    embed_code: "Embed code for a web page",
    cite_as: "Cite as",
    licence: "Licence",
    open_in_tiendo: "Open in Tiendo",
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

/// What a ranking table's column means: its heading's tooltip.
pub fn column_hint(column: crate::standings::Column, lang: Lang) -> &'static str {
    use crate::rankings::Measure;
    use crate::standings::Column;
    match (column, lang) {
        (Column::Rank, Lang::Vi) => "Thứ hạng theo tiêu chí đang chọn; bằng nhau thì cùng hạng",
        (Column::Change, Lang::Vi) => "Thay đổi thứ hạng so với 7 ngày trước",
        (Column::Name, Lang::Vi) => "Đơn vị; bấm để mở trang của đơn vị",
        (Column::Region, Lang::Vi) => "Vùng kinh tế - xã hội (Tổng cục Thống kê)",
        (Column::Required, Lang::Vi) => {
            "Số cần đạt mỗi ngày từ nay để kịp mục tiêu đúng hạn (làm tròn lên)"
        }
        (Column::Measure(Measure::PercentOfTarget), Lang::Vi) => "Lũy kế so với mục tiêu được giao",
        (Column::Measure(Measure::Cumulative), Lang::Vi) => {
            "Tổng số từ đầu chiến dịch đến ngày số liệu"
        }
        (Column::Measure(Measure::Avg7), Lang::Vi) => "Trung bình mỗi ngày trong 7 ngày gần nhất",
        (Column::Measure(Measure::PaceVsRequired), Lang::Vi) => {
            "Tốc độ 7 ngày chia cho số cần mỗi ngày: 1,2× là nhanh hơn mức cần 20%, dưới 1× là không kịp"
        }
        (Column::Measure(Measure::ProjectedCompletion), Lang::Vi) => {
            "Ngày đạt mục tiêu nếu giữ tốc độ 7 ngày gần nhất"
        }
        (Column::Measure(Measure::Backlog), Lang::Vi) => {
            "Hồ sơ chưa sản xuất thẻ (thu nhận) hoặc thẻ chưa trả (sản xuất, trả thẻ)"
        }
        (Column::Rank, Lang::En) => "Rank by the chosen measure; ties share a rank",
        (Column::Change, Lang::En) => "Change of rank since 7 days earlier",
        (Column::Name, Lang::En) => "The unit; click to open its page",
        (Column::Region, Lang::En) => "Socio-economic region (General Statistics Office)",
        (Column::Required, Lang::En) => {
            "Count needed each day from now to meet the target by the deadline (rounded up)"
        }
        (Column::Measure(Measure::PercentOfTarget), Lang::En) => {
            "Cumulative count against the target"
        }
        (Column::Measure(Measure::Cumulative), Lang::En) => {
            "Total since the campaign began, up to the as-of day"
        }
        (Column::Measure(Measure::Avg7), Lang::En) => "Average per day over the last 7 days",
        (Column::Measure(Measure::PaceVsRequired), Lang::En) => {
            "7-day rate over the count needed per day: 1.2× is 20% faster than needed, under 1× falls short"
        }
        (Column::Measure(Measure::ProjectedCompletion), Lang::En) => {
            "Day the target is met at the last 7 days' rate"
        }
        (Column::Measure(Measure::Backlog), Lang::En) => {
            "Applications without a card yet (applications) or cards not yet delivered (production, delivery)"
        }
    }
}

/// A rank movement in words, for screen readers and tooltips: "lên 3 bậc".
pub fn rank_change_words(change: i64, lang: Lang) -> String {
    let n = change.unsigned_abs();
    match (change.signum(), lang) {
        (1, Lang::Vi) => format!("lên {n} bậc"),
        (-1, Lang::Vi) => format!("xuống {n} bậc"),
        (_, Lang::Vi) => "không đổi".to_string(),
        (1, Lang::En) => format!("up {n} place{}", if n == 1 { "" } else { "s" }),
        (-1, Lang::En) => format!("down {n} place{}", if n == 1 { "" } else { "s" }),
        (_, Lang::En) => "unchanged".to_string(),
    }
}

/// A status column's word for a verdict.
pub fn verdict_label(verdict: Verdict, lang: Lang) -> &'static str {
    match (verdict, lang) {
        (Verdict::OnTrack, Lang::Vi) => "Đúng tiến độ",
        (Verdict::Behind, Lang::Vi) => "Chậm",
        (Verdict::Met, Lang::Vi) => "Đã đạt",
        (Verdict::NoData, Lang::Vi) => "Chưa có số liệu",
        (Verdict::OnTrack, Lang::En) => "On track",
        (Verdict::Behind, Lang::En) => "Behind",
        (Verdict::Met, Lang::En) => "Met",
        (Verdict::NoData, Lang::En) => "No data",
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
        p.required_per_day()
            .map_or_else(dash, |v| format::int(v, lang)),
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

/// The words of signing in, reporting and administering accounts.
pub struct AccountTexts {
    /// Sign-in link and heading.
    pub sign_in: &'static str,
    /// Sign-out button.
    pub sign_out: &'static str,
    /// Sign-in name.
    pub name: &'static str,
    /// Password.
    pub password: &'static str,
    /// Wrong name or password.
    pub wrong: &'static str,
    /// Too many failures.
    pub locked: &'static str,
    /// Where accounts come from.
    pub no_account: &'static str,
    /// Reporting page link and heading.
    pub report: &'static str,
    /// Administration link and heading.
    pub admin: &'static str,
    /// "Signed in as".
    pub signed_in_as: &'static str,
    /// Commune field.
    pub commune: &'static str,
    /// Commune code, typed.
    pub commune_code: &'static str,
    /// Choose a commune.
    pub choose_commune: &'static str,
    /// Day field.
    pub day: &'static str,
    /// The day's count, per stage (heading over the three fields).
    pub day_counts: &'static str,
    /// Submit the figures.
    pub send: &'static str,
    /// Confirm warnings and send.
    pub confirm_send: &'static str,
    /// The figures were written.
    pub written: &'static str,
    /// Nothing was written.
    pub not_written: &'static str,
    /// Warnings heading.
    pub warnings: &'static str,
    /// Recent days heading.
    pub recent: &'static str,
    /// Corrections heading.
    pub changes: &'static str,
    /// Before → after.
    pub before_after: &'static str,
    /// Through which channel.
    pub channel: &'static str,
    /// When.
    pub when: &'static str,
    /// Who.
    pub who: &'static str,
    /// No corrections yet.
    pub no_changes: &'static str,
    /// Upload heading.
    pub upload: &'static str,
    /// Upload help.
    pub upload_hint: &'static str,
    /// Upload button.
    pub upload_button: &'static str,
    /// Template links.
    pub template: &'static str,
    /// Preview heading.
    pub preview: &'static str,
    /// No upload waiting.
    pub no_upload: &'static str,
    /// Rows with errors.
    pub rows_with_errors: &'static str,
    /// Rows with warnings.
    pub rows_with_warnings: &'static str,
    /// Figures to write.
    pub figures_to_write: &'static str,
    /// Row.
    pub row: &'static str,
    /// Problems column.
    pub problems: &'static str,
    /// Write the file.
    pub commit: &'static str,
    /// Drop the file.
    pub discard: &'static str,
    /// Back to reporting.
    pub back_to_report: &'static str,
    /// Accounts heading.
    pub accounts: &'static str,
    /// Role.
    pub role: &'static str,
    /// Unit.
    pub unit: &'static str,
    /// Status.
    pub status: &'static str,
    /// Active.
    pub active: &'static str,
    /// Disabled.
    pub disabled: &'static str,
    /// Disable button.
    pub disable: &'static str,
    /// Enable button.
    pub enable: &'static str,
    /// API tokens.
    pub tokens: &'static str,
    /// Token label.
    pub token_label: &'static str,
    /// Issue a token.
    pub issue_token: &'static str,
    /// Revoke a token.
    pub revoke: &'static str,
    /// Revoked.
    pub revoked: &'static str,
    /// Shown once.
    pub token_once: &'static str,
    /// New account heading.
    pub new_account: &'static str,
    /// Create button.
    pub create: &'static str,
    /// Done.
    pub done: &'static str,
    /// "recorded" (beside a field: what is already recorded).
    pub recorded_now: &'static str,
}

const ACCOUNT_VI: AccountTexts = AccountTexts {
    sign_in: "Đăng nhập",
    sign_out: "Đăng xuất",
    name: "Tên đăng nhập",
    password: "Mật khẩu",
    wrong: "Sai tên đăng nhập hoặc mật khẩu.",
    locked: "Đăng nhập sai quá nhiều lần; thử lại sau 15 phút.",
    no_account: "Tài khoản do quản trị viên hoặc chỉ huy công an tỉnh cấp.",
    report: "Báo cáo số liệu",
    admin: "Quản trị tài khoản",
    signed_in_as: "Đang đăng nhập",
    commune: "Xã, phường, thị trấn",
    commune_code: "Mã xã (5 chữ số)",
    choose_commune: "Chọn xã, phường, thị trấn",
    day: "Ngày",
    day_counts: "Số lượng trong ngày",
    send: "Gửi số liệu",
    confirm_send: "Xác nhận và gửi",
    written: "Đã ghi số liệu:",
    not_written: "Chưa ghi gì: sửa các lỗi sau rồi gửi lại.",
    warnings: "Cần xác nhận:",
    recent: "Số liệu các ngày gần đây",
    changes: "Lịch sử sửa số liệu",
    before_after: "Trước → sau",
    channel: "Kênh",
    when: "Lúc",
    who: "Người sửa",
    no_changes: "Chưa có lần sửa nào.",
    upload: "Gửi tệp số liệu",
    upload_hint: "Tệp CSV (dấu ; hoặc ,) hoặc Excel (XLSX) theo mẫu. Xem trước từng dòng trước khi ghi; cả tệp được ghi hoặc không dòng nào.",
    upload_button: "Tải lên và xem trước",
    template: "Tệp mẫu",
    preview: "Xem trước tệp",
    no_upload: "Không có tệp nào đang chờ.",
    rows_with_errors: "Dòng có lỗi",
    rows_with_warnings: "Dòng cần xác nhận",
    figures_to_write: "Số liệu sẽ ghi",
    row: "Dòng",
    problems: "Vấn đề",
    commit: "Ghi số liệu của tệp",
    discard: "Bỏ tệp",
    back_to_report: "Về trang báo cáo",
    accounts: "Tài khoản",
    role: "Vai trò",
    unit: "Đơn vị",
    status: "Trạng thái",
    active: "Đang dùng",
    disabled: "Đã khóa",
    disable: "Khóa",
    enable: "Mở khóa",
    tokens: "Mã API",
    token_label: "Dùng cho",
    issue_token: "Cấp mã API",
    revoke: "Thu hồi",
    revoked: "đã thu hồi",
    token_once: "Mã chỉ hiện một lần; lưu lại ngay:",
    new_account: "Tạo tài khoản",
    create: "Tạo",
    done: "Xong.",
    recorded_now: "đã ghi",
};

const ACCOUNT_EN: AccountTexts = AccountTexts {
    sign_in: "Sign in",
    sign_out: "Sign out",
    name: "Name",
    password: "Password",
    wrong: "Wrong name or password.",
    locked: "Too many failed sign-ins; try again in 15 minutes.",
    no_account: "Accounts are issued by an administrator or a province commander.",
    report: "Report figures",
    admin: "Accounts",
    signed_in_as: "Signed in as",
    commune: "Commune",
    commune_code: "Commune code (5 digits)",
    choose_commune: "Choose a commune",
    day: "Day",
    day_counts: "The day's counts",
    send: "Send figures",
    confirm_send: "Confirm and send",
    written: "Figures written:",
    not_written: "Nothing was written: mend these and send again.",
    warnings: "To confirm:",
    recent: "Recent days",
    changes: "Corrections",
    before_after: "Before → after",
    channel: "Channel",
    when: "When",
    who: "By",
    no_changes: "No corrections yet.",
    upload: "Send a file",
    upload_hint: "A CSV (; or , between fields) or Excel (XLSX) file in the template's form. Every row is previewed before anything is written; the whole file is written or none of it.",
    upload_button: "Upload and preview",
    template: "Template",
    preview: "File preview",
    no_upload: "No file is waiting.",
    rows_with_errors: "Rows with errors",
    rows_with_warnings: "Rows to confirm",
    figures_to_write: "Figures to write",
    row: "Row",
    problems: "Problems",
    commit: "Write the file's figures",
    discard: "Drop the file",
    back_to_report: "Back to reporting",
    accounts: "Accounts",
    role: "Role",
    unit: "Unit",
    status: "Status",
    active: "Active",
    disabled: "Disabled",
    disable: "Disable",
    enable: "Enable",
    tokens: "API tokens",
    token_label: "For",
    issue_token: "Issue a token",
    revoke: "Revoke",
    revoked: "revoked",
    token_once: "Shown only now; keep it:",
    new_account: "New account",
    create: "Create",
    done: "Done.",
    recorded_now: "recorded",
};

/// The account words of `lang`.
pub fn account_texts(lang: Lang) -> &'static AccountTexts {
    match lang {
        Lang::Vi => &ACCOUNT_VI,
        Lang::En => &ACCOUNT_EN,
    }
}

/// A channel in words.
pub fn channel_label(channel: crate::intake::Channel, lang: Lang) -> &'static str {
    use crate::intake::Channel;
    match (channel, lang) {
        (Channel::Form, Lang::Vi) => "biểu mẫu",
        (Channel::File, Lang::Vi) => "tệp",
        (Channel::Api, Lang::Vi) => "API",
        (Channel::Cli, Lang::Vi) => "dòng lệnh",
        (Channel::Form, Lang::En) => "form",
        (Channel::File, Lang::En) => "file",
        (Channel::Api, Lang::En) => "API",
        (Channel::Cli, Lang::En) => "command line",
    }
}

/// The words of alerts, live updates and the webhook's state.
pub struct AlertTexts {
    /// Navigation and heading.
    pub alerts: &'static str,
    /// What the page is.
    pub intro: &'static str,
    /// Filter labels.
    pub province: &'static str,
    /// Rule filter.
    pub rule: &'static str,
    /// Severity filter.
    pub severity: &'static str,
    /// State filter.
    pub state: &'static str,
    /// Any value of a filter.
    pub any: &'static str,
    /// Open and acknowledged (the default state filter).
    pub current: &'static str,
    /// Every state.
    pub all_states: &'static str,
    /// Unit column.
    pub unit: &'static str,
    /// What column.
    pub what: &'static str,
    /// First seen column.
    pub since: &'static str,
    /// Last seen.
    pub last_seen: &'static str,
    /// No alert matches.
    pub none: &'static str,
    /// More matched than are listed.
    pub truncated: &'static str,
    /// Acknowledge button.
    pub acknowledge: &'static str,
    /// The comment field.
    pub comment: &'static str,
    /// Acknowledged by …
    pub acknowledged_by: &'static str,
    /// Badge: open alerts.
    pub open_alerts: &'static str,
    /// The briefing's section.
    pub new_today: &'static str,
    /// No new alert on the day.
    pub none_new: &'static str,
    /// Live updates: "updated at".
    pub live_updated: &'static str,
    /// Admin section on the webhook.
    pub webhook: &'static str,
    /// Notifications waiting.
    pub webhook_pending: &'static str,
    /// No failed delivery.
    pub webhook_ok: &'static str,
    /// Attempts column.
    pub attempts: &'static str,
    /// Error column.
    pub error: &'static str,
    /// Given up.
    pub given_up: &'static str,
    /// Will try again.
    pub retrying: &'static str,
    /// Show the filtered list (without JavaScript).
    pub show: &'static str,
}

static ALERTS_VI: AlertTexts = AlertTexts {
    alerts: "Cảnh báo",
    intro: "Đơn vị chậm tiến độ, xã không báo cáo, số liệu bất thường, công đoạn sai thứ tự, tỉnh có ít xã báo cáo. Cảnh báo tự hết khi tình trạng không còn.",
    province: "Tỉnh, thành phố",
    rule: "Loại",
    severity: "Mức độ",
    state: "Trạng thái",
    any: "Tất cả",
    current: "Đang mở và đã xác nhận",
    all_states: "Mọi trạng thái",
    unit: "Đơn vị",
    what: "Nội dung",
    since: "Từ",
    last_seen: "Lần cuối",
    none: "Không có cảnh báo nào khớp bộ lọc.",
    truncated: "Chỉ hiện 500 cảnh báo đầu tiên; hãy lọc hẹp hơn.",
    acknowledge: "Xác nhận",
    comment: "Ghi chú (đang xử lý thế nào)",
    acknowledged_by: "Đã xác nhận bởi",
    open_alerts: "cảnh báo đang mở",
    new_today: "Cảnh báo mới trong ngày",
    none_new: "Không có cảnh báo mới.",
    live_updated: "cập nhật lúc",
    webhook: "Gửi cảnh báo (webhook)",
    webhook_pending: "Đang chờ gửi",
    webhook_ok: "Không có lần gửi nào thất bại.",
    attempts: "Số lần thử",
    error: "Lỗi",
    given_up: "đã dừng thử",
    retrying: "sẽ thử lại",
    show: "Lọc",
};

static ALERTS_EN: AlertTexts = AlertTexts {
    alerts: "Alerts",
    intro: "Units behind schedule, silent communes, unusual figures, stages out of order, provinces where few communes reported. An alert resolves by itself when its condition clears.",
    province: "Province",
    rule: "Rule",
    severity: "Severity",
    state: "State",
    any: "Any",
    current: "Open and acknowledged",
    all_states: "Every state",
    unit: "Unit",
    what: "What",
    since: "Since",
    last_seen: "Last seen",
    none: "No alert matches the filters.",
    truncated: "Only the first 500 alerts are listed; narrow the filters.",
    acknowledge: "Acknowledge",
    comment: "Comment (what is being done)",
    acknowledged_by: "Acknowledged by",
    open_alerts: "open alerts",
    new_today: "New alerts of the day",
    none_new: "No new alert.",
    live_updated: "updated at",
    webhook: "Alert notifications (webhook)",
    webhook_pending: "Waiting to be sent",
    webhook_ok: "No delivery has failed.",
    attempts: "Attempts",
    error: "Error",
    given_up: "given up",
    retrying: "will retry",
    show: "Filter",
};

/// The alert words of `lang`.
pub fn alert_texts(lang: Lang) -> &'static AlertTexts {
    match lang {
        Lang::Vi => &ALERTS_VI,
        Lang::En => &ALERTS_EN,
    }
}
