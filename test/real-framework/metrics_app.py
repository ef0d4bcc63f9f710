"""
The metrics endpoint as a FastAPI service would write it: FastAPI's own query validation (422),
its HTTPBearer, HTTPException bodies ({"detail": ...}) and pydantic's date-time parsing. The
self-test runs the suite against it, behind nginx, to show the suite green on a real framework
behind a real gateway. Settings come from the environment: STREAMKAP_TEST_TOKEN,
STREAMKAP_TEST_LIMITED_TOKEN and STREAMKAP_TEST_PIPELINES (comma-separated).
"""

import os
from datetime import datetime, timedelta, timezone
from enum import Enum
from typing import Optional

from fastapi import Depends, FastAPI, HTTPException, Query
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

TOKEN = os.environ["STREAMKAP_TEST_TOKEN"]
LIMITED_TOKEN = os.environ["STREAMKAP_TEST_LIMITED_TOKEN"]
PIPELINES = set(os.environ["STREAMKAP_TEST_PIPELINES"].split(","))


class TimeUnit(str, Enum):
    minute = "minute"
    hour = "hour"
    day = "day"
    week = "week"
    month = "month"


app = FastAPI(title="Streamkap REST API (self-test)")
bearer = HTTPBearer(auto_error=False)


def reader(credentials: Optional[HTTPAuthorizationCredentials] = Depends(bearer)) -> str:
    if credentials is None or credentials.credentials not in (TOKEN, LIMITED_TOKEN):
        raise HTTPException(status_code=401, detail="Not authenticated")
    if credentials.credentials == LIMITED_TOKEN:
        raise HTTPException(status_code=403, detail="Missing permission read:pipeline_metrics")
    return credentials.credentials


def utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment


@app.get("/pipelines/{pipeline_id}/metrics")
def get_pipeline_metrics(
    pipeline_id: str,
    time_interval: int = Query(1),
    time_unit: TimeUnit = Query(TimeUnit.hour),
    timestamp_from: Optional[datetime] = Query(None),
    timestamp_to: Optional[datetime] = Query(None),
    _token: str = Depends(reader),
):
    if pipeline_id not in PIPELINES:
        raise HTTPException(status_code=404, detail=f"Metrics not found for pipeline {pipeline_id}")
    try:
        end = utc(timestamp_to) if timestamp_to else datetime.now(timezone.utc)
        start = utc(timestamp_from) if timestamp_from else end - timedelta(hours=24)
        empty = time_interval < 1 or start >= end
    except OverflowError:
        # An instant near year 1 or 9999 whose offset moves it out of datetime's range.
        raise HTTPException(status_code=400, detail="Invalid parameters: a timestamp is out of range")
    if empty:
        raise HTTPException(status_code=400, detail="Invalid parameters: the window or the interval is empty")
    return {
        "data": {"latency": 1, "recordsLag": 0, "status": "Active"},
        "metadata": {
            "latency": {"name": "Pipeline Latency", "unit": "milliseconds"},
            "status": {"name": "Pipeline Status", "unit": "milliseconds"},
            "recordsLag": {"name": "Lag in Events", "unit": "count"},
        },
    }
