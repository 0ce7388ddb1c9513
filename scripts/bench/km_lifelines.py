"""Peer for `nadir bench km`: Python lifelines on the same CSV, end to end.

    python3 scripts/bench/km_lifelines.py FILE.csv

Reads with pandas, fits KaplanMeierFitter per arm (Greenwood variance, exponential = log-log CI,
computed during fit), and runs multivariate_logrank_test over all arms. Prints the log-rank
chi-square and the per-arm medians so the bench can check agreement.
"""
import sys

import pandas as pd
from lifelines import KaplanMeierFitter
from lifelines.statistics import multivariate_logrank_test

d = pd.read_csv(sys.argv[1])
medians = []
for arm, g in d.groupby("arm", sort=True):
    kmf = KaplanMeierFitter().fit(g["time"], g["event"], label=str(arm))
    medians.append(kmf.median_survival_time_)
res = multivariate_logrank_test(d["time"], d["arm"], d["event"])
print("chisq", "%.10g" % res.test_statistic)
print("medians", " ".join("%.6g" % m for m in medians))
