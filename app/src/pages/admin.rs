//! `/admin`: the accounts an administrator, the ministry or a province
//! commander manages: create, disable or enable them, issue and revoke
//! their API tokens (a token is shown once). The server checks every action.

use leptos::prelude::*;
use tiendo_core::i18n::{account_texts, alert_texts};
use tiendo_core::views::{AdminPage, WebhookStatus};
use tiendo_core::{Lang, format};

use crate::api::{CreateAccount, IssueToken, RevokeToken, SetAccountDisabled, get_admin};
use crate::components::error_box::server_message;
use crate::components::page::{DataPage, PageTitle};
use crate::components::scroll::ScrollBox;
use crate::pages::report::SignedInLine;

/// The administration page.
#[component]
pub fn AdminPageView() -> impl IntoView {
    let page = Resource::new(|| (), |_| get_admin());
    view! {
        <DataPage data=page body=|p, lang| view! {
            <PageTitle text=account_texts(lang).admin.to_string() />
            <AdminBody page=p lang />
        }.into_any() />
    }
}

/// An action's error, if its last run failed.
fn failure<T: Clone + Send + Sync + 'static>(
    value: impl Into<Signal<Option<Result<T, ServerFnError>>>>,
) -> impl IntoView {
    let value: Signal<Option<Result<T, ServerFnError>>> = value.into();
    move || {
        value.get().and_then(Result::err).map(|e| {
            view! { <p class="error" role="alert">{server_message(&e)}</p> }
        })
    }
}

/// The page's body, interactive: after each action the accounts are
/// fetched again in place.
#[island]
pub fn AdminBody(page: AdminPage, lang: Lang) -> impl IntoView {
    let create = ServerAction::<CreateAccount>::new();
    let disable = ServerAction::<SetAccountDisabled>::new();
    let issue = ServerAction::<IssueToken>::new();
    let revoke = ServerAction::<RevokeToken>::new();
    let data = RwSignal::new(page);
    Effect::new(move |_| {
        let done = create.version().get()
            + disable.version().get()
            + issue.version().get()
            + revoke.version().get();
        if done > 0 {
            leptos::task::spawn_local(async move {
                if let Ok(fresh) = get_admin().await {
                    data.set(fresh);
                }
            });
        }
    });
    let actions = Actions {
        create,
        disable,
        issue,
        revoke,
    };
    move || view! { <AdminView page=data.get() lang actions /> }
}

/// What the administration page does.
#[derive(Clone, Copy)]
struct Actions {
    create: ServerAction<CreateAccount>,
    disable: ServerAction<SetAccountDisabled>,
    issue: ServerAction<IssueToken>,
    revoke: ServerAction<RevokeToken>,
}

#[component]
fn AdminView(page: AdminPage, lang: Lang, actions: Actions) -> impl IntoView {
    let t = account_texts(lang);
    let Actions {
        create,
        disable,
        issue,
        revoke,
    } = actions;
    let csrf = page.signed_in.csrf.clone();
    let (name, password, role, unit) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(
            page.roles
                .first()
                .map(|r| r.slug().to_string())
                .unwrap_or_default(),
        ),
        RwSignal::new(String::new()),
    );
    let roles = page
        .roles
        .iter()
        .map(|r| view! { <option value=r.slug()>{r.label(lang)}</option> })
        .collect_view();
    let on_create = {
        let csrf = csrf.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            create.dispatch(CreateAccount {
                csrf: csrf.clone(),
                name: name.get_untracked(),
                password: password.get_untracked(),
                role: role.get_untracked(),
                unit: unit.get_untracked(),
            });
        }
    };
    let rows = page
        .accounts
        .iter()
        .map(|row| {
            let a = row.account.clone();
            let (csrf_d, csrf_i, name_d, name_i) = (csrf.clone(), csrf.clone(), a.name.clone(), a.name.clone());
            let label = RwSignal::new(String::new());
            let tokens = row
                .tokens
                .iter()
                .map(|tok| {
                    let (csrf, name, id) = (csrf.clone(), a.name.clone(), tok.id);
                    let state = match &tok.revoked_at {
                        Some(_) => view! { <span class="note">{t.revoked}</span> }.into_any(),
                        None => view! {
                            <button type="button" class="small" on:click=move |_| {
                                revoke.dispatch(RevokeToken { csrf: csrf.clone(), name: name.clone(), id });
                            }>{t.revoke}</button>
                        }
                        .into_any(),
                    };
                    view! { <li>{tok.label.clone()} " · " {format::timestamp_vn(&tok.created_at)} " " {state}</li> }
                })
                .collect_view();
            let disabled = a.disabled;
            view! {
                <tr data-account=a.name.clone()>
                    <td>{a.name.clone()}</td>
                    <td>{a.role.label(lang)}</td>
                    <td>{row.unit_name.clone()} " (" {a.unit.clone()} ")"</td>
                    <td>{if disabled { t.disabled } else { t.active }}</td>
                    <td>
                        <button type="button" class="small" on:click=move |_| {
                            disable.dispatch(SetAccountDisabled { csrf: csrf_d.clone(), name: name_d.clone(), disabled: !disabled });
                        }>{if disabled { t.enable } else { t.disable }}</button>
                    </td>
                    <td>
                        <ul class="tokens">{tokens}</ul>
                        <form class="inline" on:submit=move |ev| {
                            ev.prevent_default();
                            issue.dispatch(IssueToken { csrf: csrf_i.clone(), name: name_i.clone(), label: label.get_untracked() });
                        }>
                            <input aria-label=t.token_label placeholder=t.token_label bind:value=label size="12" />
                            <button type="submit" class="small">{t.issue_token}</button>
                        </form>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <h1>{t.admin}</h1>
        <SignedInLine signed_in=page.signed_in.clone() lang />
        {move || issue.value().get().and_then(Result::ok).map(|token| view! {
            <div class="done" role="status"><p>{t.token_once}</p><code data-testid="new-token">{token}</code></div>
        })}
        {failure(issue.value())}
        {failure(disable.value())}
        {failure(revoke.value())}
        <h2>{t.accounts}</h2>
        <ScrollBox label=t.accounts>
            <table data-testid="accounts">
                <thead><tr><th>{t.name}</th><th>{t.role}</th><th>{t.unit}</th><th>{t.status}</th><th></th><th>{t.tokens}</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </ScrollBox>
        {page.webhook.clone().map(|w| view! { <WebhookSection status=w lang /> })}
        <h2>{t.new_account}</h2>
        <form class="stack" on:submit=on_create>
            <label><span>{t.name}</span><input id="new-name" bind:value=name required /></label>
            <label><span>{t.password}</span><input id="new-password" type="password" autocomplete="new-password" bind:value=password required /></label>
            <label><span>{t.role}</span><select id="new-role" on:change=move |ev| role.set(event_target_value(&ev))>{roles}</select></label>
            <label><span>{t.unit}</span><input id="new-unit" bind:value=unit required /></label>
            <button type="submit" id="create">{t.create}</button>
            {move || create.value().get().map(|r| match r {
                Ok(()) => view! { <p class="done" role="status">{t.done}</p> }.into_any(),
                Err(e) => view! { <p class="error" role="alert">{server_message(&e)}</p> }.into_any(),
            })}
        </form>
    }
}

/// The webhook's queue and its latest failures, for operators.
#[component]
fn WebhookSection(status: WebhookStatus, lang: Lang) -> impl IntoView {
    let t = alert_texts(lang);
    let failures = if status.failures.is_empty() {
        view! { <p class="note" data-testid="webhook-ok">{t.webhook_ok}</p> }.into_any()
    } else {
        let rows = status
            .failures
            .into_iter()
            .map(|f| {
                view! {
                    <tr>
                        <td>{f.alert}</td>
                        <td>{f.event}</td>
                        <td class="num">{f.attempts}</td>
                        <td>{f.error}</td>
                        <td>{if f.given_up { t.given_up } else { t.retrying }}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <ScrollBox label=t.webhook>
                <table data-testid="webhook-failures">
                    <thead><tr><th>{t.alerts}</th><th></th><th class="num">{t.attempts}</th><th>{t.error}</th><th></th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </ScrollBox>
        }
        .into_any()
    };
    view! {
        <h2>{t.webhook}</h2>
        <p data-testid="webhook-pending">{t.webhook_pending} ": " {format::int(status.pending, lang)}</p>
        {failures}
    }
}
