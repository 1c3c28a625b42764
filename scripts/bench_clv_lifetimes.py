#!/usr/bin/env python3
"""The Python lifetimes half of `patron bench clv`: fits BG/NBD and Gamma-Gamma on a CDNOW-style summary
(ID,x,t_x,T,zbar) and scores every customer (P(alive), expected purchases in 52 weeks, 12-month CLV at 1 % a
month, freq="W"), REPEATS times; prints one JSON line with the median seconds and the figures to compare.

usage: bench_clv_lifetimes.py SUMMARY.csv REPEATS
"""
import json
import statistics
import sys
import time
import warnings

import pandas as pd
from lifetimes import BetaGeoFitter, GammaGammaFitter


def fit_and_score(df):
    bg = BetaGeoFitter().fit(df["x"], df["t_x"], df["T"])
    repeat = df[df["x"] > 0]
    gg = GammaGammaFitter().fit(repeat["x"], repeat["zbar"])
    alive = bg.conditional_probability_alive(df["x"], df["t_x"], df["T"])
    purchases = bg.conditional_expected_number_of_purchases_up_to_time(52, df["x"], df["t_x"], df["T"])
    clv = gg.customer_lifetime_value(bg, df["x"], df["t_x"], df["T"], df["zbar"], time=12, discount_rate=0.01, freq="W")
    return bg, gg, alive, purchases, clv


def main():
    warnings.simplefilter("ignore")
    path, repeats = sys.argv[1], int(sys.argv[2])
    df = pd.read_csv(path)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        bg, gg, alive, purchases, clv = fit_and_score(df)
        times.append(time.perf_counter() - start)
    print(json.dumps({
        "median_seconds": statistics.median(times),
        "bgnbd": {k: float(v) for k, v in bg.params_.items()},
        "gamma_gamma": {k: float(v) for k, v in gg.params_.items()},
        "sum_alive": float(alive.sum()),
        "sum_purchases_52": float(purchases.sum()),
        "sum_clv_12": float(clv.sum()),
    }))


if __name__ == "__main__":
    main()
