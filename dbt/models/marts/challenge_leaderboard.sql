{#
    One row per challenge and person who joined it: their total in the challenge's window (UTC
    days starts_on..ends_on) and their rank, the same numbers GET /challenges/{id} shows.
      sessions  completed workouts in the window
      volume    weight x reps of working sets (of the challenge's muscle group when it names one), kg
      distance  metres of working sets
#}
with challenges as (
    select * from {{ ref('stg_app__challenges') }} where not is_deleted
),

joined as (
    select participants.challenge_id, participants.user_id
    from {{ ref('stg_app__challenge_participants') }} as participants
    where not participants.is_deleted and participants.participant_status = 'joined'
),

users as (
    select user_id, is_synthetic from {{ ref('dim_users') }}
),

sessions as (
    select joined.challenge_id, joined.user_id, count(workouts.workout_id) as sessions_count
    from joined
    inner join challenges on challenges.challenge_id = joined.challenge_id
    left join {{ ref('fct_workouts') }} as workouts
        on workouts.user_id = joined.user_id
        and workouts.workout_date between challenges.starts_on and challenges.ends_on
    group by 1, 2
),

amounts as (
    select
        joined.challenge_id,
        joined.user_id,
        coalesce(sum(sets.volume_kg) filter (
            where challenges.muscle_group is null or sets.primary_muscle = challenges.muscle_group
        ), 0) as volume_kg,
        coalesce(sum(sets.distance_m) filter (where not sets.is_warmup), 0) as distance_m
    from joined
    inner join challenges on challenges.challenge_id = joined.challenge_id
    left join {{ ref('fct_sets') }} as sets
        on sets.user_id = joined.user_id
        and {{ utc_date('sets.workout_completed_at') }} between challenges.starts_on and challenges.ends_on
    group by 1, 2
),

valued as (
    select
        challenges.challenge_id,
        challenges.challenge_title,
        challenges.challenge_metric,
        challenges.muscle_group,
        challenges.starts_on,
        challenges.ends_on,
        sessions.user_id,
        sessions.sessions_count,
        case challenges.challenge_metric
            when 'sessions' then sessions.sessions_count::numeric
            when 'volume' then amounts.volume_kg
            else amounts.distance_m
        end as value,
        users.is_synthetic
    from sessions
    inner join amounts on amounts.challenge_id = sessions.challenge_id and amounts.user_id = sessions.user_id
    inner join challenges on challenges.challenge_id = sessions.challenge_id
    inner join users on users.user_id = sessions.user_id
)

select
    *,
    rank() over (partition by challenge_id order by value desc) as leaderboard_rank
from valued
