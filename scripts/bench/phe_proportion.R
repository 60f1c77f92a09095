# Times PHEindicatormethods' phe_proportion on data already in memory: the
# reference for `placeboard stats proportion` (docs/benchmarks.md, "The R
# reference on this machine").
#
#   Rscript scripts/bench/phe_proportion.R LEVELS FILE [fresh|warm]
#
# LEVELS is 1 (confidence 0.95) or 2 (0.95 and 0.998); FILE is the
# generator's proportion.csv (area,x,n). "fresh" (the default) times one
# call in this new R process after a full collection (system.time's
# gcFirst), as a person calling it once would see; "warm" then times ten
# more calls in the same process, each after a full collection, once R's
# heap has grown. Prints: mode levels elapsed_s cpu_s, one line a call.
suppressPackageStartupMessages({
  library(PHEindicatormethods)
  library(dplyr)
})
a <- commandArgs(trailingOnly = TRUE)
if (length(a) < 2 || !(a[1] %in% c("1", "2"))) {
  stop("usage: Rscript phe_proportion.R 1|2 FILE [fresh|warm]")
}
mode <- if (length(a) >= 3) a[3] else "fresh"
df <- read.csv(a[2], colClasses = c("character", "numeric", "numeric"))
conf <- if (a[1] == "2") c(0.95, 0.998) else 0.95
calls <- if (mode == "warm") 11 else 1
for (i in seq_len(calls)) {
  t <- system.time(r <- phe_proportion(df, x, n, confidence = conf), gcFirst = TRUE)
  if (mode == "warm" && i == 1) next
  cat(sprintf("%s %s %.3f %.3f\n", mode, a[1], t[["elapsed"]], t[["user.self"]] + t[["sys.self"]]))
}
stopifnot(nrow(r) == nrow(df))
