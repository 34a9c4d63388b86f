with source as (
    select * from {{ source('app', 'friendships') }}
),

renamed as (
    select
        id::bigint                  as friendship_id,
        requester_id::bigint        as requester_user_id,
        addressee_id::bigint        as addressee_user_id,
        status::text                as friendship_status,
        responded_at::timestamptz   as responded_at,
        created_at::timestamptz     as created_at,
        updated_at::timestamptz     as updated_at,
        is_synthetic::boolean       as is_synthetic,
        _loaded_at::timestamptz     as _loaded_at,
        _deleted_at::timestamptz    as deleted_at,
        (_deleted_at is not null)   as is_deleted
    from source
)

select * from renamed
