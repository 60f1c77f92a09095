# Generates quantile_reference.csv: high-precision (mpmath, 40 digits)
# reference values for qnorm, qchisq and qt used by dist_test.go.
# Run: python3 internal/stats/testdata/gen_quantiles.py > internal/stats/testdata/quantile_reference.csv
import mpmath as mp
mp.mp.dps = 40
ps = ["0.0005", "0.001", "0.0025", "0.005", "0.025", "0.05", "0.1", "0.5", "0.9", "0.95", "0.975", "0.995", "0.999", "0.9995", "1e-10", "0.3"]
print("fn,p,df,q")
for p in ps:
    P = mp.mpf(float(p))  # the double nearest p, as Go sees it
    print("qnorm,%s,,%s" % (p, mp.nstr(mp.sqrt(2)*mp.erfinv(2*P-1), 25)))
for df in ["0.2", "1", "2", "3", "4.5", "7", "10", "18", "19", "20", "2.5", "0.5", "39", "100", "400"]:
    D = mp.mpf(float(df))
    for p in ps:
        P = mp.mpf(float(p))
        # chi-square: solve regularized lower gamma = P
        k = D/2
        f = lambda x: mp.gammainc(k, 0, x, regularized=True) - P
        lo, hi = mp.mpf(0), mp.mpf(1)
        while mp.gammainc(k, 0, hi, regularized=True) < P:
            hi *= 2
        for _ in range(400):
            mid = (lo+hi)/2
            if mp.gammainc(k, 0, mid, regularized=True) < P: lo = mid
            else: hi = mid
        print("qchisq,%s,%s,%s" % (p, df, mp.nstr(2*(lo+hi)/2, 25)))
for df in ["1", "2", "3", "4", "5", "7", "9", "17", "25", "99", "150", "300", "499", "500", "1000", "99999", "2.5"]:
    D = mp.mpf(float(df))
    for p in ps:
        P = mp.mpf(float(p))
        def cdf(t):
            x = D/(D+t*t)
            tail = mp.betainc(D/2, mp.mpf(1)/2, 0, x, regularized=True)/2
            return tail if t < 0 else 1-tail
        lo, hi = mp.mpf(-1), mp.mpf(1)
        while cdf(lo) > P: lo *= 2
        while cdf(hi) < P: hi *= 2
        for _ in range(300):
            mid = (lo+hi)/2
            if cdf(mid) < P: lo = mid
            else: hi = mid
        print("qt,%s,%s,%s" % (p, df, mp.nstr((lo+hi)/2, 25)))
