import os
import time

from pipelines.transform.project import dbt_build_args, dbt_env, manifest_is_stale, prune_run_targets


def test_dbt_env_for_a_tcp_server_and_the_embedded_socket():
    tcp = dbt_env("postgresql://analyst:s3cret@db.internal:6543/warehouse")
    assert (tcp["PULSE_DBT_HOST"], tcp["PULSE_DBT_PORT"], tcp["PULSE_DBT_USER"], tcp["PULSE_DBT_PASSWORD"], tcp["PULSE_DBT_DBNAME"]) == (
        "db.internal", "6543", "analyst", "s3cret", "warehouse",
    )
    socket = dbt_env("postgresql+psycopg://postgres@/pulse?host=/work/app/.pulse/pg")
    assert socket["PULSE_DBT_HOST"] == "/work/app/.pulse/pg" and socket["PULSE_DBT_PORT"] == "5432"
    assert socket["PULSE_DBT_PASSWORD"] == "" and socket["DBT_SEND_ANONYMOUS_USAGE_STATS"] == "false"


def test_dbt_build_args():
    build = ["build", "--indirect-selection", "buildable"]
    assert dbt_build_args() == build
    assert dbt_build_args(full_refresh=True, select="marts") == [*build, "--select", "marts", "--full-refresh"]
    assert dbt_build_args(exclude_unit_tests=True) == [*build, "--exclude", "resource_type:unit_test"]


def test_prune_keeps_the_newest_run_folders(tmp_path):
    for i in range(5):
        folder = tmp_path / f"pulse_dbt-run{i}-abc"
        folder.mkdir()
        os.utime(folder, (time.time() + i, time.time() + i))
    (tmp_path / "manifest.json").write_text("{}")
    removed = prune_run_targets(tmp_path, keep=2)
    assert sorted(p.name for p in removed) == ["pulse_dbt-run0-abc", "pulse_dbt-run1-abc", "pulse_dbt-run2-abc"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["manifest.json", "pulse_dbt-run3-abc", "pulse_dbt-run4-abc"]


def test_manifest_is_stale_until_parsed_and_again_after_an_edit(tmp_path):
    (tmp_path / "models").mkdir()
    model = tmp_path / "models" / "m.sql"
    model.write_text("select 1")
    (tmp_path / "dbt_project.yml").write_text("name: x")
    assert manifest_is_stale(tmp_path)
    (tmp_path / "target").mkdir()
    manifest = tmp_path / "target" / "manifest.json"
    manifest.write_text("{}")
    os.utime(manifest, (time.time() + 10, time.time() + 10))
    assert not manifest_is_stale(tmp_path)
    os.utime(model, (time.time() + 20, time.time() + 20))
    assert manifest_is_stale(tmp_path)
