"""The per-article time budget holds where no timer signal can: in threads, in the corpus'
Dask workers. Texts of our own, made long enough to run over a short budget."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

import geo
from geo._budget import BudgetExceeded, time_budget

LONG = "From Almaty to Tashkent by rail, from Baku to Tbilisi by air, " * 12_000  # ~700 KB


def _extract_with_budget(seconds):
    t0 = time.monotonic()
    try:
        with time_budget(seconds):
            geo.extract(LONG)
        return "finished", time.monotonic() - t0
    except BudgetExceeded:
        return "stopped", time.monotonic() - t0


def test_budget_stops_extraction_in_a_worker_thread():
    geo.extract("Flights from Almaty to Baku.")  # the index loads outside the budget
    with ThreadPoolExecutor(1) as pool:
        assert pool.submit(threading.current_thread).result() is not threading.main_thread()
        what, took = pool.submit(_extract_with_budget, 0.2).result()
    assert what == "stopped" and took < 1.5, took


def test_no_budget_and_nested_budgets():
    with time_budget(None):
        assert geo.extract("Trains run from Almaty to Tashkent.").routes
    with time_budget(0.01), time_budget(60):  # the outer, earlier deadline stays in force
        time.sleep(0.05)
        with pytest.raises(BudgetExceeded):
            geo.extract(LONG)


def test_corpus_article_over_budget_is_an_error_row_in_dask_workers(tmp_path):
    from geo.corpus import load, run

    src = tmp_path / "news"
    src.mkdir()
    (src / "2024-01-02-short.txt").write_text("Trains run from Almaty to Tashkent.", encoding="utf-8")
    (src / "2024-01-03-long.txt").write_text(LONG, encoding="utf-8")
    summary = run(src, tmp_path / "out", jobs=1, max_seconds=0.5)
    errors = load(tmp_path / "out", "errors")
    assert summary["errors"] == 1 and list(errors["article_id"]) == ["2024-01-03-long.txt"]
    assert "took over 0.5 s" in errors["reason"].iloc[0]
    assert set(load(tmp_path / "out", "routes")["article_id"]) == {"2024-01-02-short.txt"}
