//! What the UI asks of the server ([`Backend`]): the views for reading, and
//! for signed-in accounts the reporting form, uploads and the
//! administration of accounts. Every write checks the actor's role and
//! scope here, on the server; the pages only reflect it.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{Duration, NaiveDate};
use tiendo_app::api::{AccountForm, Backend, BackendError, ReportForm, UnitRequest};
use tiendo_core::accounts::{Actor, Role};
use tiendo_core::alerts::AlertQuery;
use tiendo_core::figure::ChartKind;
use tiendo_core::intake::{At, Change, Channel, RawLine, Recorded, Wanted};
use tiendo_core::overview::{Overview, PerStage};
use tiendo_core::params::ParamError;
use tiendo_core::units::NATION_CODE;
use tiendo_core::units::UnitRef;
use tiendo_core::views::{
    AccountRow, AdminPage, AlertsPage, Briefing, ChartInfo, ChartOptions, MapView, PreviewRow,
    RankingsView, ReportPage, ReportedDay, SearchHit, SignedIn, SubmitOutcome, UnitView,
    UploadPreview, WebhookStatus,
};
use tiendo_core::{Lang, Stage, format};

use crate::accounts::{AccountError, Accounts};
use crate::alerts::Alerts;
use crate::intake::{Intake, IntakeError, Outcome, Upload, Written, today_in_vietnam};
use crate::views::files::chart_request;
use crate::views::{ViewError, Views};

/// Communes listed in the form's menu; above, the code is typed.
const MENU_MAX: usize = 400;
/// Days of a commune's reports shown under the form.
const RECENT_DAYS: i64 = 7;
/// Failed webhook deliveries listed on the administration page.
const WEBHOOK_FAILURES_SHOWN: i64 = 20;
/// Corrections shown on a page.
const CHANGES_SHOWN: u32 = 20;

/// The server's side of the UI.
pub struct Site {
    /// Reading.
    pub views: Arc<Views>,
    /// Reports in.
    pub intake: Arc<Intake>,
    /// Accounts and tokens.
    pub accounts: Arc<Accounts>,
    /// The campaign's alerts.
    pub alerts: Arc<Alerts>,
}

impl Site {
    /// Every service over `db`, views' caches within `budgets`.
    pub fn new(db: Arc<dyn crate::db::Database>, budgets: crate::views::Budgets) -> Self {
        let views = Arc::new(Views::new(db, budgets));
        Site {
            intake: Arc::new(Intake::new(views.ctx.clone())),
            accounts: Arc::new(Accounts::new(views.ctx.clone())),
            alerts: Arc::new(Alerts::new(views.ctx.clone())),
            views,
        }
    }
}

impl From<AccountError> for BackendError {
    fn from(e: AccountError) -> Self {
        match e {
            AccountError::Invalid(p) => BackendError::BadInput(p),
            AccountError::Forbidden(m) => BackendError::Forbidden(m),
            AccountError::Conflict(m) => BackendError::BadInput(ParamError::new(
                "name",
                m,
                "tên này đã có tài khoản khác dùng",
            )),
            AccountError::NotFound(m) => BackendError::NotFound(m),
            AccountError::Internal(detail) => {
                tracing::error!(%detail, "account action failed");
                BackendError::Internal
            }
        }
    }
}

/// A form's outcome from an intake result, in `lang`.
fn outcome(
    result: Result<(i64, Vec<Written>), IntakeError>,
    lang: Lang,
) -> Result<SubmitOutcome, BackendError> {
    let messages = |list: &[tiendo_core::intake::Problem], warnings: bool| -> Vec<String> {
        list.iter()
            .filter(|p| p.is_warning() == warnings)
            .map(|p| p.message(lang))
            .collect()
    };
    match result {
        Ok((_, written)) => Ok(SubmitOutcome {
            written: true,
            errors: Vec::new(),
            warnings: Vec::new(),
            summary: written.iter().map(|w| written_line(w, lang)).collect(),
        }),
        Err(IntakeError::Invalid(list) | IntakeError::Forbidden(list)) => Ok(SubmitOutcome {
            written: false,
            errors: messages(&list, false),
            warnings: messages(&list, true),
            summary: Vec::new(),
        }),
        Err(IntakeError::Unconfirmed(list)) => Ok(SubmitOutcome {
            written: false,
            errors: Vec::new(),
            warnings: messages(&list, true),
            summary: Vec::new(),
        }),
        Err(IntakeError::Empty) => Ok(SubmitOutcome {
            written: false,
            errors: vec![match lang {
                Lang::Vi => "Chưa điền số liệu nào.".into(),
                Lang::En => "No figures were filled in.".into(),
            }],
            warnings: Vec::new(),
            summary: Vec::new(),
        }),
        Err(IntakeError::View(e)) => Err(e.into()),
    }
}

/// "Phúc Xá (00001), 01/06/2021, Thu nhận hồ sơ: 120 (was 100)".
fn written_line(w: &Written, lang: Lang) -> String {
    let what = match (w.outcome, lang) {
        (Outcome::Recorded, Lang::Vi) => "ghi mới".to_string(),
        (Outcome::Recorded, Lang::En) => "recorded".to_string(),
        (Outcome::Unchanged, Lang::Vi) => "không đổi".to_string(),
        (Outcome::Unchanged, Lang::En) => "unchanged".to_string(),
        (Outcome::Corrected, Lang::Vi) => {
            format!("sửa từ {}", format::int(w.previous.unwrap_or(0), lang))
        }
        (Outcome::Corrected, Lang::En) => {
            format!(
                "corrected from {}",
                format::int(w.previous.unwrap_or(0), lang)
            )
        }
    };
    format!(
        "{} · {} · {}: {} ({what})",
        w.unit,
        format::date(w.date),
        w.stage.label(lang),
        format::int(w.count, lang)
    )
}

impl Site {
    /// The communes `actor` reports for, by name.
    async fn communes_of(&self, actor: &Actor) -> Result<Vec<UnitRef>, ViewError> {
        let units = self.views.ctx.units().await?;
        let mut communes: Vec<UnitRef> = units.communes_of(actor).map(|u| u.to_ref()).collect();
        communes.sort_by(|a, b| a.display_name.cmp(&b.display_name));
        Ok(communes)
    }

    /// The account's waiting upload and its file name.
    async fn pending(&self, actor: &Actor) -> Result<Option<(String, Upload)>, BackendError> {
        let Some((file_name, json)) = self
            .views
            .ctx
            .db
            .upload(actor.account)
            .await
            .map_err(ViewError::from)?
        else {
            return Ok(None);
        };
        let upload = serde_json::from_str(&json).map_err(|e| {
            tracing::error!(error = %e, "a kept upload does not read back");
            BackendError::Internal
        })?;
        Ok(Some((file_name, upload)))
    }
}

#[async_trait::async_trait]
impl Backend for Site {
    async fn overview(&self, date: Option<String>, lang: Lang) -> Result<Overview, BackendError> {
        Ok((*self.views.overviews.overview(date.as_deref(), lang).await?).clone())
    }

    async fn rankings(
        &self,
        stage: Option<String>,
        date: Option<String>,
    ) -> Result<RankingsView, BackendError> {
        let view = self
            .views
            .standings
            .rankings_view(stage.as_deref(), date.as_deref())
            .await?;
        Ok((*view).clone())
    }

    async fn unit(&self, r: UnitRequest) -> Result<UnitView, BackendError> {
        Ok((*self.views.unit_pages.unit_view(&r).await?).clone())
    }

    async fn map(
        &self,
        stage: Option<String>,
        by: Option<String>,
        date: Option<String>,
        lang: Lang,
    ) -> Result<MapView, BackendError> {
        let view = self
            .views
            .maps
            .map_view(stage.as_deref(), by.as_deref(), date.as_deref(), lang)
            .await?;
        Ok((*view).clone())
    }

    async fn search(&self, q: String) -> Result<Vec<SearchHit>, BackendError> {
        Ok(self.views.search(&q).await?)
    }

    async fn briefing(&self, date: Option<String>, lang: Lang) -> Result<Briefing, BackendError> {
        Ok((*self.views.briefings.briefing(date.as_deref(), lang).await?).clone())
    }

    async fn chart_options(&self, unit: Option<String>) -> Result<ChartOptions, BackendError> {
        Ok(self.views.files.chart_options(unit.as_deref()).await?)
    }

    async fn chart_info(
        &self,
        kind: String,
        params: Vec<(String, String)>,
    ) -> Result<ChartInfo, BackendError> {
        let kind = ChartKind::parse("chart", &kind).map_err(BackendError::BadInput)?;
        let request = chart_request(kind, &params)?;
        Ok(self.views.files.chart_info(&request).await?)
    }

    async fn changes(&self, code: String, signed_in: bool) -> Result<Vec<Change>, BackendError> {
        let cur = self.views.ctx.current().await?;
        self.views.ctx.unit(&code).await?;
        let mut changes = self
            .views
            .ctx
            .db
            .changes(cur.campaign.id, &code, CHANGES_SHOWN)
            .await
            .map_err(ViewError::from)?;
        // Who changed a figure is for signed-in readers only.
        if !signed_in {
            for c in &mut changes {
                c.account = None;
            }
        }
        Ok(changes)
    }

    async fn signed_in(&self, actor: &Actor, csrf: String) -> Result<SignedIn, BackendError> {
        let scope_name = self
            .views
            .ctx
            .unit(&actor.scope)
            .await
            .map_or_else(|_| actor.scope.clone(), |u| u.display_name);
        Ok(SignedIn {
            actor: actor.clone(),
            scope_name,
            csrf,
        })
    }

    async fn report_page(
        &self,
        who: SignedIn,
        unit: Option<String>,
        date: Option<String>,
    ) -> Result<ReportPage, BackendError> {
        if !who.actor.role.reports() {
            return Err(BackendError::Forbidden(format!(
                "a {} account does not report figures",
                who.actor.role.slug()
            )));
        }
        let cur = self.views.ctx.current().await?;
        let communes = self.communes_of(&who.actor).await?;
        let today = today_in_vietnam();
        // The next day to report: the day after the last with figures, at most today.
        let day = match date.as_deref() {
            Some(d) => {
                tiendo_core::params::parse_date("date", d).map_err(BackendError::BadInput)?
            }
            None => (cur.last_day + Duration::days(1)).min(today),
        };
        let unit = match unit.filter(|u| !u.is_empty()) {
            Some(code) => Some(
                communes
                    .iter()
                    .find(|c| c.code == code)
                    .cloned()
                    .ok_or_else(|| {
                        BackendError::Forbidden(format!(
                            "{code} is not a commune this account reports for"
                        ))
                    })?,
            ),
            None if communes.len() == 1 => communes.first().cloned(),
            None => None,
        };
        let (recent, changes) = match &unit {
            None => (Vec::new(), Vec::new()),
            Some(u) => {
                let days: Vec<NaiveDate> =
                    (0..RECENT_DAYS).map(|n| day - Duration::days(n)).collect();
                // The recent days' figures, not their history.
                let keys: Vec<Wanted> = days
                    .iter()
                    .flat_map(|d| {
                        Stage::ALL.map(|s| Wanted {
                            key: (u.code.clone(), s, *d),
                            history: false,
                        })
                    })
                    .collect();
                let found =
                    crate::db::read_recorded(self.views.ctx.db.as_ref(), cur.campaign.id, &keys)
                        .await
                        .map_err(ViewError::from)?;
                let by_key: HashMap<(Stage, NaiveDate), Recorded> = keys
                    .into_iter()
                    .map(|w| (w.key.1, w.key.2))
                    .zip(found)
                    .collect();
                let recent = days
                    .into_iter()
                    .map(|d| ReportedDay {
                        day: d,
                        counts: PerStage::from_fn(|s| by_key.get(&(s, d)).and_then(|r| r.count)),
                    })
                    .collect();
                let changes = self.changes(u.code.clone(), true).await?;
                (recent, changes)
            }
        };
        Ok(ReportPage {
            commune_count: communes.len(),
            communes: if communes.len() <= MENU_MAX {
                communes
            } else {
                Vec::new()
            },
            signed_in: who,
            unit,
            day,
            first_day: cur.campaign.start,
            last_day: today,
            recent,
            changes,
        })
    }

    async fn submit_report(
        &self,
        actor: &Actor,
        form: ReportForm,
        lang: Lang,
    ) -> Result<SubmitOutcome, BackendError> {
        let line = RawLine {
            at: At::Form,
            unit: form.unit,
            date: form.date,
            counts: vec![
                (Stage::Applications, form.applications),
                (Stage::Produced, form.produced),
                (Stage::Delivered, form.delivered),
            ],
        };
        let result = self
            .intake
            .submit(actor, Channel::Form, Arc::new([line]), form.confirmed)
            .await;
        outcome(result, lang)
    }

    async fn upload_preview(
        &self,
        who: SignedIn,
        lang: Lang,
    ) -> Result<Option<UploadPreview>, BackendError> {
        let Some((file_name, upload)) = self.pending(&who.actor).await? else {
            return Ok(None);
        };
        let lines: Arc<[RawLine]> = upload.lines.into();
        let checked = self
            .intake
            .check(&who.actor, lines.clone())
            .await
            .map_err(|e| match e {
                IntakeError::View(v) => BackendError::from(v),
                other => BackendError::BadInput(ParamError::new(
                    "file",
                    other.to_string(),
                    other.to_string(),
                )),
            })?;
        let units = self.views.ctx.units().await?;
        let mut rows: Vec<PreviewRow> = lines
            .iter()
            .map(|l| PreviewRow {
                row: match l.at {
                    At::Row(r) => r,
                    _ => 0,
                },
                unit: l.unit.clone(),
                name: units.get(&l.unit).map(|u| u.display_name.clone()),
                date: l.date.clone(),
                counts: PerStage::from_fn(|s| {
                    l.counts
                        .iter()
                        .find(|(stage, _)| *stage == s)
                        .map_or(String::new(), |(_, t)| t.clone())
                }),
                errors: Vec::new(),
                warnings: Vec::new(),
            })
            .collect();
        let mut file_errors: Vec<String> =
            upload.problems.iter().map(|p| p.message(lang)).collect();
        for p in &checked.problems {
            let At::Row(r) = p.at else { continue };
            match rows.iter_mut().find(|row| row.row == r) {
                Some(row) if p.is_warning() => row.warnings.push(p.message(lang)),
                Some(row) => row.errors.push(p.message(lang)),
                None => file_errors.push(p.message(lang)),
            }
        }
        // Errors first: they are what the sender has to mend.
        rows.sort_by_key(|r| (r.errors.is_empty(), r.warnings.is_empty(), r.row));
        Ok(Some(UploadPreview {
            signed_in: who,
            file_name,
            rows_with_errors: rows.iter().filter(|r| !r.errors.is_empty()).count(),
            rows_with_warnings: rows
                .iter()
                .filter(|r| r.errors.is_empty() && !r.warnings.is_empty())
                .count(),
            figures: checked.figures.len(),
            rows,
            file_errors,
        }))
    }

    async fn commit_upload(
        &self,
        actor: &Actor,
        confirmed: bool,
        lang: Lang,
    ) -> Result<SubmitOutcome, BackendError> {
        let Some((_, upload)) = self.pending(actor).await? else {
            return Err(BackendError::NotFound("upload".into()));
        };
        let result = if upload.problems.is_empty() {
            self.intake
                .submit(actor, Channel::File, upload.lines.into(), confirmed)
                .await
        } else {
            Err(IntakeError::Invalid(upload.problems))
        };
        let written = result.is_ok();
        let outcome = outcome(result, lang)?;
        if written {
            self.discard_upload(actor).await?;
        }
        Ok(outcome)
    }

    async fn discard_upload(&self, actor: &Actor) -> Result<(), BackendError> {
        Ok(self
            .views
            .ctx
            .db
            .drop_upload(actor.account)
            .await
            .map_err(ViewError::from)?)
    }

    async fn admin_page(&self, who: SignedIn) -> Result<AdminPage, BackendError> {
        let listed = self.accounts.list(&who.actor).await?;
        let units = self.views.ctx.units().await?;
        let accounts = listed
            .into_iter()
            .map(|(account, tokens)| AccountRow {
                unit_name: units
                    .get(&account.unit)
                    .map_or_else(|| account.unit.clone(), |u| u.display_name.clone()),
                account,
                tokens,
            })
            .collect();
        let roles = Role::ALL
            .into_iter()
            .filter(|r| {
                who.actor.role != Role::Commander || matches!(r, Role::Reporter | Role::Commander)
            })
            .collect();
        // The webhook serves the whole campaign: its state is for national roles.
        let webhook = if matches!(who.actor.role, Role::Ministry | Role::Admin) {
            let (pending, failures) = self
                .views
                .ctx
                .db
                .notification_status(WEBHOOK_FAILURES_SHOWN)
                .await
                .map_err(ViewError::from)?;
            Some(WebhookStatus { pending, failures })
        } else {
            None
        };
        Ok(AdminPage {
            signed_in: who,
            accounts,
            roles,
            webhook,
        })
    }

    async fn create_account(&self, actor: &Actor, form: AccountForm) -> Result<(), BackendError> {
        let role = Role::parse("role", &form.role).map_err(BackendError::BadInput)?;
        self.accounts
            .create(
                Some(actor),
                form.name.trim(),
                &form.password,
                role,
                form.unit.trim(),
            )
            .await?;
        Ok(())
    }

    async fn set_disabled(
        &self,
        actor: &Actor,
        name: String,
        disabled: bool,
    ) -> Result<(), BackendError> {
        self.accounts
            .set_disabled(Some(actor), &name, disabled)
            .await?;
        Ok(())
    }

    async fn issue_token(
        &self,
        actor: &Actor,
        name: String,
        label: String,
    ) -> Result<String, BackendError> {
        Ok(self
            .accounts
            .issue_token(Some(actor), &name, &label)
            .await?)
    }

    async fn revoke_token(&self, actor: &Actor, name: String, id: i64) -> Result<(), BackendError> {
        Ok(self.accounts.revoke_token(Some(actor), &name, id).await?)
    }

    async fn alerts_page(
        &self,
        reader: Option<SignedIn>,
        query: AlertQuery,
        lang: Lang,
    ) -> Result<AlertsPage, BackendError> {
        let actor = reader.as_ref().map(|r| &r.actor);
        let (alerts, truncated) = self
            .alerts
            .list(actor, &query, crate::alerts::LIST_LIMIT)
            .await?;
        let ctx = &self.views.ctx;
        let units = ctx.units().await?;
        // The provinces a reader may filter on: all, or the one of their unit.
        let scope = actor.map_or(NATION_CODE, |a| a.scope.as_str());
        let provinces = units
            .children(NATION_CODE)
            .into_iter()
            .filter(|p| {
                scope == NATION_CODE || p.code == scope || units.lies_within(scope, &p.code)
            })
            .map(|p| (p.code, p.display_name))
            .collect();
        let alerts = crate::alerts::rows(ctx, alerts, lang, actor).await?;
        Ok(AlertsPage {
            signed_in: reader,
            filter: query,
            provinces,
            alerts,
            truncated,
        })
    }

    async fn acknowledge_alert(
        &self,
        actor: &Actor,
        id: i64,
        comment: String,
    ) -> Result<(), BackendError> {
        Ok(self.alerts.acknowledge(actor, id, &comment).await?)
    }

    fn data_version(&self) -> i64 {
        self.views.ctx.version()
    }
}
