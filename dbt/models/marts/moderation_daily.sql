{#
    Moderation volumes per UTC day, report subject and who raised the report (a person, or the
    moderation model holding a text): reports opened that day, and decided that day by outcome,
    with the median hours from report to decision. Days without any report are absent.
#}
with reports as (
    select
        *,
        case when reporter_user_id is null then 'model' else 'person' end as raised_by
    from {{ ref('stg_app__reports') }}
    where not is_deleted
),

opened as (
    select {{ utc_date('created_at') }} as report_date, report_subject, raised_by, is_synthetic, count(*) as reports_opened
    from reports
    group by 1, 2, 3, 4
),

decided as (
    select
        {{ utc_date('resolved_at') }} as report_date,
        report_subject,
        raised_by,
        is_synthetic,
        count(*) filter (where report_status = 'resolved') as reports_resolved,
        count(*) filter (where report_status = 'dismissed') as reports_dismissed,
        round((percentile_cont(0.5) within group (order by extract(epoch from resolved_at - created_at)) / 3600)::numeric, 2)
            as median_hours_to_decision
    from reports
    where resolved_at is not null
    group by 1, 2, 3, 4
)

select
    coalesce(opened.report_date, decided.report_date) as report_date,
    coalesce(opened.report_subject, decided.report_subject) as report_subject,
    coalesce(opened.raised_by, decided.raised_by) as raised_by,
    coalesce(opened.is_synthetic, decided.is_synthetic) as is_synthetic,
    coalesce(opened.reports_opened, 0) as reports_opened,
    coalesce(decided.reports_resolved, 0) as reports_resolved,
    coalesce(decided.reports_dismissed, 0) as reports_dismissed,
    decided.median_hours_to_decision
from opened
full outer join decided
    on decided.report_date = opened.report_date
    and decided.report_subject = opened.report_subject
    and decided.raised_by = opened.raised_by
    and decided.is_synthetic = opened.is_synthetic
