# Builds fresh random inputs for every `placeboard stats` method, runs the R
# package PHEindicatormethods on them and writes inputs, R's outputs and a
# manifest (cases.csv) for internal/cli/stats_rcheck_test.go.
# See README.md in this folder for how to run it.

suppressPackageStartupMessages({
  library(PHEindicatormethods)
  library(dplyr)
})

args <- commandArgs(TRUE)
out_dir <- if (length(args) >= 1) args[1] else "."
seed <- if (length(args) >= 2) as.integer(args[2]) else 20261122L
set.seed(seed)

# --- writing ----------------------------------------------------------------

fmt_col <- function(v) {
  if (is.factor(v)) v <- as.character(v)
  if (is.logical(v)) v <- ifelse(v, "TRUE", "FALSE")
  if (is.numeric(v)) {
    s <- sprintf("%.17g", v)
    s[is.na(v)] <- "NA"
    s[is.nan(v)] <- "NaN"
    s[!is.na(v) & v == Inf] <- "Inf"
    s[!is.na(v) & v == -Inf] <- "-Inf"
    return(s)
  }
  s <- as.character(v)
  s[is.na(s)] <- "NA"
  s
}

quote_csv <- function(s) ifelse(grepl('[",\n]', s), paste0('"', gsub('"', '""', s), '"'), s)

write_df <- function(df, file) {
  df <- as.data.frame(ungroup(df))
  cols <- lapply(df, function(v) quote_csv(fmt_col(v)))
  lines <- if (nrow(df) > 0) do.call(paste, c(cols, sep = ",")) else character(0)
  writeLines(c(paste(quote_csv(names(df)), collapse = ","), lines), file)
}

manifest <- data.frame(name = character(0), input = character(0), args = character(0), keys = character(0),
                       error = character(0), warnings = character(0))

# add_case writes the input, runs fun(input) in R and records the result
# (NAME.out.csv, or R's error message in the manifest).
# args are the CLI arguments (without the input file); keys are the output
# columns that identify a row ("" = compare rows in order).
# Identical inputs are written once, under the name of the first case that
# uses them; the manifest's input column names the file.
written <- list()
add_case <- function(name, input, args, keys, fun) {
  tmp <- tempfile()
  write_df(input, tmp)
  text <- paste(readLines(tmp), collapse = "\n")
  shared <- names(written)[vapply(written, identical, TRUE, text)]
  if (length(shared) == 0) {
    shared <- name
    file.copy(tmp, file.path(out_dir, paste0(name, ".in.csv")), overwrite = TRUE)
    written[[name]] <<- text
  }
  unlink(tmp)
  warns <- character(0)
  res <- tryCatch(
    withCallingHandlers(fun(input), warning = function(w) {
      warns <<- c(warns, conditionMessage(w))
      invokeRestart("muffleWarning")
    }),
    error = function(e) e)
  err <- ""
  if (inherits(res, "error")) {
    err <- conditionMessage(res)
  } else {
    write_df(res, file.path(out_dir, paste0(name, ".out.csv")))
  }
  manifest[nrow(manifest) + 1, ] <<- list(name, shared, paste(args, collapse = " "),
                                          paste(keys, collapse = ";"), err,
                                          paste(unique(warns), collapse = " | "))
  invisible(res)
}

# --- proportions and rates ----------------------------------------------------

sizes <- c(1, 2, 3, 7, 10, 25, 100, 1000, 12345, 1e6, 3e7)

make_counts <- function(k, rates = FALSE) {
  n <- sample(sizes, k, TRUE) * sample(1:9, k, TRUE)
  x <- floor(runif(k) * (n + 1))
  x[sample(k, k %/% 8)] <- 0
  i <- sample(k, k %/% 8)
  x[i] <- n[i]
  i <- sample(k, k %/% 10)
  x[i] <- pmin(n[i], sample(0:12, length(i), TRUE))   # small counts (exact Poisson below 10)
  i <- sample(k, k %/% 20)
  x[i] <- x[i] * 0.5                                    # non-integer counts
  if (rates) {
    i <- sample(k, k %/% 10)
    x[i] <- n[i] * sample(2:5, length(i), TRUE)         # rates may exceed n
    i <- sample(k, k %/% 20)
    n[i] <- n[i] / 8                                    # fractional person-years
  }
  x[sample(k, 6)] <- NA
  n[sample(k, 6)] <- NA
  data.frame(area = sprintf("a%02d", sample(1:15, k, TRUE)),
             sex = sample(c("F", "M"), k, TRUE), x = x, n = n)
}

prop <- make_counts(240)
rate <- make_counts(240, rates = TRUE)

for (m in c("proportion", "rate")) {
  d <- if (m == "proportion") prop else rate
  f <- if (m == "proportion") phe_proportion else phe_rate
  pre <- substr(m, 1, 4)
  add_case(paste0(pre, "_rows_default"), d, c(m, "--x x --n n"), "", function(d) f(d, x, n))
  add_case(paste0(pre, "_rows_two_levels_m100"), d, c(m, "--x x --n n --confidence 0.95,0.998 --multiplier 100"), "",
           function(d) f(d, x, n, confidence = c(0.95, 0.998), multiplier = 100))
  add_case(paste0(pre, "_rows_998pct_m1000"), d, c(m, "--x x --n n --confidence 99.8 --multiplier 1000"), "",
           function(d) f(d, x, n, confidence = 99.8, multiplier = 1000))
  add_case(paste0(pre, "_rows_90_standard"), d, c(m, "--x x --n n --confidence 0.9 --type standard"), "",
           function(d) f(d, x, n, confidence = 0.9, type = "standard"))
  add_case(paste0(pre, "_rows_conf1"), d, c(m, "--x x --n n --confidence 1"), "",
           function(d) f(d, x, n, confidence = 1))
  for (ty in c("value", "lower", "upper")) {
    add_case(paste0(pre, "_rows_two_levels_", ty), d, c(m, "--x x --n n --confidence 0.95,0.998 --type", ty), "",
             function(d) f(d, x, n, confidence = c(0.95, 0.998), type = ty))
  }
  add_case(paste0(pre, "_grouped_area"), d, c(m, "--x x --n n --group-by area"), "area",
           function(d) f(group_by(d, area), x, n))
  add_case(paste0(pre, "_grouped_area_sex_two_levels"), d,
           c(m, "--x x --n n --group-by area,sex --confidence 0.95,0.998 --multiplier 10 --type full"), c("area", "sex"),
           function(d) f(group_by(d, area, sex), x, n, confidence = c(0.95, 0.998), multiplier = 10))
  add_case(paste0(pre, "_grouped_area_lower"), d, c(m, "--x x --n n --group-by area --type lower --confidence 95"), "area",
           function(d) f(group_by(d, area), x, n, type = "lower", confidence = 95))
  one <- d[d$area == "a01", ]
  one$area <- NULL
  add_case(paste0(pre, "_single_group_rows"), cbind(g = "all", one), c(m, "--x x --n n --group-by g"), "",
           function(d) f(group_by(d, g), x, n))
  # errors
  bad <- d[1:20, ]
  bad$x[7] <- -1
  add_case(paste0(pre, "_err_negative_x"), bad, c(m, "--x x --n n"), "", function(d) f(d, x, n))
  bad <- d[1:20, ]
  bad$n[5] <- 0
  add_case(paste0(pre, "_err_zero_n"), bad, c(m, "--x x --n n"), "", function(d) f(d, x, n))
  bad <- d[1:20, ]
  add_case(paste0(pre, "_err_conf_50"), bad, c(m, "--x x --n n --confidence 50"), "", function(d) f(d, x, n, confidence = 50))
  add_case(paste0(pre, "_err_conf_pair"), bad, c(m, "--x x --n n --confidence 0.9,0.95"), "",
           function(d) f(d, x, n, confidence = c(0.9, 0.95)))
  add_case(paste0(pre, "_err_conf_three"), bad, c(m, "--x x --n n --confidence 0.95,0.998,0.99"), "",
           function(d) f(d, x, n, confidence = c(0.95, 0.998, 0.99)))
  bad$x[11] <- "12a"
  add_case(paste0(pre, "_err_text_x"), bad, c(m, "--x x --n n"), "", function(d) f(d, x, n))
  bad <- d[1:20, ]
  add_case(paste0(pre, "_err_conf_pct_pair"), bad, c(m, "--x x --n n --confidence 95,99.8"), "",
           function(d) f(d, x, n, confidence = c(95, 99.8)))
  add_case(paste0(pre, "_err_type"), bad, c(m, "--x x --n n --type all"), "", function(d) f(d, x, n, type = "all"))
}
add_case("prop_rows_conf_na", prop, c("proportion", "--x x --n n --confidence NA"), "",
         function(d) phe_proportion(d, x, n, confidence = NA))
# R stops here (it drops limit columns it never made); the spec says not to
# copy that: the command gives the values.
add_case("prop_rows_conf_na_value", prop, c("proportion", "--x x --n n --confidence NA --type value"), "",
         function(d) phe_proportion(d, x, n, confidence = NA, type = "value"))
bad <- prop[prop$n > 3 & !is.na(prop$n) & !is.na(prop$x), ][1:20, ]
bad$x[9] <- bad$n[9] + 1
add_case("prop_err_x_gt_n", bad, c("proportion", "--x x --n n"), "", function(d) phe_proportion(d, x, n))

# --- DSR ----------------------------------------------------------------------

bands <- sprintf("%d-%d", seq(0, 90, 5), seq(4, 94, 5))
bands[19] <- "90+"
make_dsr <- function(areas) {
  d <- expand.grid(ageband = bands, area = areas, stringsAsFactors = FALSE)[, c("area", "ageband")]
  d$stdpop <- rep(esp2013, length(areas))
  scale <- rep(sample(c(10, 100, 1000, 1e4, 1e5), length(areas), TRUE), each = 19)
  d$n <- round(runif(nrow(d), 0.2, 1.5) * scale) + 1
  rate <- rep(runif(length(areas), 0, 0.02), each = 19) * rep(exp(seq(-3, 2, length.out = 19)), length(areas))
  d$x <- rpois(nrow(d), d$n * rate)
  d$x[sample(nrow(d), 12)] <- NA
  d$x[d$area %in% areas[1:2]] <- 0                         # total count 0
  small <- d$area %in% areas[3:4]
  d$x[small] <- 0
  d$x[small][sample(sum(small), 6)] <- 1                   # total count 6 (< 10: suppressed)
  ten <- d$area == areas[5]
  d$x[ten] <- c(rep(1, 10), rep(0, 9))                     # exactly 10
  d$sex <- sample(c("F", "M"), nrow(d), TRUE)
  d
}
dsr <- make_dsr(sprintf("d%02d", 1:24))
dsr$stdpop[dsr$area == "d06"][3] <- 0                     # a zero weight
add_case("dsr_default", dsr, c("dsr", "--x x --n n --stdpop stdpop --group-by area"), "area",
         function(d) calculate_dsr(group_by(d, area), x, n, stdpop = stdpop))
add_case("dsr_two_levels_m10000", dsr, c("dsr", "--x x --n n --stdpop stdpop --group-by area --confidence 0.95,0.998 --multiplier 10000"), "area",
         function(d) calculate_dsr(group_by(d, area), x, n, stdpop = stdpop, confidence = c(0.95, 0.998), multiplier = 10000))
add_case("dsr_998_single", dsr, c("dsr", "--x x --n n --stdpop stdpop --group-by area --confidence 99.8"), "area",
         function(d) calculate_dsr(group_by(d, area), x, n, stdpop = stdpop, confidence = 99.8))
for (ty in c("standard", "value", "lower", "upper")) {
  add_case(paste0("dsr_type_", ty), dsr, c("dsr", "--x x --n n --stdpop stdpop --group-by area --confidence 0.95,0.998 --type", ty), "area",
           function(d) calculate_dsr(group_by(d, area), x, n, stdpop = stdpop, confidence = c(0.95, 0.998), type = ty))
}
add_case("dsr_conf1", dsr, c("dsr", "--x x --n n --stdpop stdpop --group-by area --confidence 1"), "area",
         function(d) calculate_dsr(group_by(d, area), x, n, stdpop = stdpop, confidence = 1))
add_case("dsr_err_conf_pct_pair", dsr, c("dsr", "--x x --n n --stdpop stdpop --group-by area --confidence 95,99.8"), "",
         function(d) calculate_dsr(group_by(d, area), x, n, stdpop = stdpop, confidence = c(95, 99.8)))
add_case("dsr_area_sex", dsr, c("dsr", "--x x --n n --stdpop stdpop --group-by area,sex --confidence 90"), c("area", "sex"),
         function(d) calculate_dsr(group_by(d, area, sex), x, n, stdpop = stdpop, confidence = 90))
add_case("dsr_ungrouped", dsr[dsr$area %in% c("d07", "d08", "d09"), ], c("dsr", "--x x --n n --stdpop stdpop"), "",
         function(d) calculate_dsr(d, x, n, stdpop = stdpop))
# ESP2013 built in: rows shuffled, weights go to age bands in ascending order
shuffled <- dsr[sample(nrow(dsr)), ]
shuffled$stdpop <- esp2013[match(shuffled$ageband, bands)]
add_case("dsr_esp2013_shuffled", shuffled, c("dsr", "--x x --n n --stdpop esp2013 --ageband ageband --group-by area"), "area",
         function(d) calculate_dsr(group_by(d, area), x, n, stdpop = stdpop))
# groups with different numbers of strata (e.g. under-75s next to all ages)
ragged <- dsr[!(dsr$area %in% c("d10", "d11", "d12") & dsr$ageband %in% bands[16:19]), ]
add_case("dsr_ragged_strata", ragged, c("dsr", "--x x --n n --stdpop stdpop --group-by area"), "area",
         function(d) calculate_dsr(group_by(d, area), x, n, stdpop = stdpop))
edge <- dsr[dsr$area %in% sprintf("d%02d", 7:12), ]
edge$stdpop[edge$area == "d07"] <- 0                      # all weights zero: 0/0
edge$x[edge$area == "d08"] <- NA                          # every count missing
edge$n[edge$area == "d09"] <- edge$n[edge$area == "d09"] / 1000  # tiny populations
edge$x[edge$area == "d10"] <- edge$x[edge$area == "d10"] + 0.25   # non-integer counts
add_case("dsr_edges", edge, c("dsr", "--x x --n n --stdpop stdpop --group-by area --confidence 0.95,0.998"), "area",
         function(d) calculate_dsr(group_by(d, area), x, n, stdpop = stdpop, confidence = c(0.95, 0.998)))
bad <- dsr[dsr$area %in% c("d07", "d08"), ]
bad$x[5] <- "many"
add_case("dsr_err_text_x", bad, c("dsr", "--x x --n n --stdpop stdpop --group-by area"), "",
         function(d) calculate_dsr(group_by(d, area), x, n, stdpop = stdpop))
bad <- dsr[dsr$area %in% c("d07", "d08"), ]
add_case("dsr_err_unknown_column", bad, c("dsr", "--x count --n n --stdpop stdpop --group-by area"), "",
         function(d) calculate_dsr(group_by(d, area), count, n, stdpop = stdpop))
bad <- dsr[dsr$area %in% c("d07", "d08"), ]
bad$n[4] <- NA
add_case("dsr_err_missing_n", bad, c("dsr", "--x x --n n --stdpop stdpop --group-by area"), "",
         function(d) calculate_dsr(group_by(d, area), x, n, stdpop = stdpop))
bad <- dsr[dsr$area %in% c("d07", "d08"), ]
bad$n[4] <- 0
add_case("dsr_err_zero_n", bad, c("dsr", "--x x --n n --stdpop stdpop --group-by area"), "",
         function(d) calculate_dsr(group_by(d, area), x, n, stdpop = stdpop))
bad <- dsr[dsr$area %in% c("d07", "d08"), ]
bad$stdpop[4] <- -5
add_case("dsr_err_negative_stdpop", bad, c("dsr", "--x x --n n --stdpop stdpop --group-by area"), "",
         function(d) calculate_dsr(group_by(d, area), x, n, stdpop = stdpop))
bad <- dsr[dsr$area %in% c("d07", "d08"), ]
bad$stdpop[4] <- NA
add_case("dsr_err_missing_stdpop", bad, c("dsr", "--x x --n n --stdpop stdpop --group-by area"), "",
         function(d) calculate_dsr(group_by(d, area), x, n, stdpop = stdpop))
bad <- dsr[dsr$area %in% c("d07", "d08"), ]
bad$x[4] <- -1
add_case("dsr_err_negative_x", bad, c("dsr", "--x x --n n --stdpop stdpop --group-by area"), "",
         function(d) calculate_dsr(group_by(d, area), x, n, stdpop = stdpop))
add_case("dsr_err_multiplier", dsr[1:38, ], c("dsr", "--x x --n n --stdpop stdpop --group-by area --multiplier -1"), "",
         function(d) calculate_dsr(group_by(d, area), x, n, stdpop = stdpop, multiplier = -1))

# non-independent events: x = persons with exactly eventfreq events
ni <- do.call(rbind, lapply(1:3, function(f) {
  d <- dsr[dsr$area %in% sprintf("d%02d", 1:16), c("area", "ageband", "n", "stdpop", "x")]
  d$eventfreq <- f
  d$x <- if (f == 1) d$x else rbinom(nrow(d), ifelse(is.na(d$x), 0, d$x), 0.3 / f)
  d
}))
ni <- ni[!(ni$area == "d13" & ni$eventfreq == 3), ]        # no third events in one area
ni <- ni[!(ni$area == "d14" & ni$eventfreq == 2 & ni$ageband %in% bands[1:10]), ]  # some bands absent for f = 2
ni$x[sample(nrow(ni), 8)] <- NA
ni <- ni[sample(nrow(ni)), ]
ni_esp <- ni
ni_esp$stdpop <- esp2013[match(ni_esp$ageband, bands)]
add_case("dsr_nonindependent", ni,
         c("dsr", "--x x --n n --stdpop stdpop --group-by area --independent-events=false --eventfreq eventfreq --ageband ageband --confidence 0.95,0.998"),
         "area",
         function(d) calculate_dsr(group_by(d, area), x, n, stdpop = stdpop, confidence = c(0.95, 0.998),
                                   independent_events = FALSE, eventfreq = eventfreq, ageband = ageband))
add_case("dsr_nonindependent_esp2013", ni_esp,
         c("dsr", "--x x --n n --stdpop esp2013 --group-by area --independent-events=false --eventfreq eventfreq --ageband ageband --multiplier 1000"),
         "area",
         function(d) calculate_dsr(group_by(d, area), x, n, stdpop = stdpop, multiplier = 1000,
                                   independent_events = FALSE, eventfreq = eventfreq, ageband = ageband))
bad <- ni[ni$area %in% c("d07", "d08"), ]
bad$n[bad$eventfreq == 2][1] <- bad$n[bad$eventfreq == 2][1] + 1
add_case("dsr_nonindependent_err_n_differs", bad,
         c("dsr", "--x x --n n --stdpop stdpop --group-by area --independent-events=false --eventfreq eventfreq --ageband ageband"), "",
         function(d) calculate_dsr(group_by(d, area), x, n, stdpop = stdpop,
                                   independent_events = FALSE, eventfreq = eventfreq, ageband = ageband))
bad <- ni[ni$area %in% c("d07", "d08"), ]
bad$eventfreq[3] <- NA
add_case("dsr_nonindependent_err_missing_freq", bad,
         c("dsr", "--x x --n n --stdpop stdpop --group-by area --independent-events=false --eventfreq eventfreq --ageband ageband"), "",
         function(d) calculate_dsr(group_by(d, area), x, n, stdpop = stdpop,
                                   independent_events = FALSE, eventfreq = eventfreq, ageband = ageband))

# --- ISR ----------------------------------------------------------------------

isr <- make_dsr(sprintf("i%02d", 1:24))
ref_n <- round(runif(19, 1e5, 5e5))
ref_x <- rpois(19, ref_n * 0.004 * exp(seq(-3, 2, length.out = 19)))
isr$x_ref <- rep(ref_x, 24)
isr$n_ref <- rep(ref_n, 24)
isr$stdpop <- NULL
isr$n[sample(nrow(isr), 5)] <- NA                          # NA populations count as 0
isr$n[sample(nrow(isr), 5)] <- 0
isr$x_ref[isr$area == "i06"][c(2, 9)] <- NA               # NA reference counts count as 0
isr$n_ref[isr$area == "i07"][4] <- NA                     # NA reference population: expected is NA
isr$x_ref[isr$area == "i08"][5] <- 0
isr$n_ref[isr$area == "i08"][5] <- 0                      # 0/0 in the expected sum
isr_edge <- isr[isr$area %in% sprintf("i%02d", 9:14), ]
isr_edge$n[isr_edge$area == "i09"] <- 0                   # expected 0, observed > 0
isr_edge$n[isr_edge$area == "i10"] <- 0
isr_edge$x[isr_edge$area == "i10"] <- 0                   # 0/0
isr_edge$x[isr_edge$area == "i11"] <- NA                  # every count missing: observed 0
isr_edge$x[isr_edge$area == "i12"] <- isr_edge$x[isr_edge$area == "i12"] / 3  # non-integer observed
for (m in c("isratio", "israte")) {
  f <- if (m == "isratio") calculate_ISRatio else calculate_ISRate
  add_case(paste0(m, "_edges"), isr_edge, c(m, "--x x --n n --x-ref x_ref --n-ref n_ref --group-by area --confidence 0.95,0.998"), "area",
           function(d) f(group_by(d, area), x, n, x_ref, n_ref, refpoptype = "field", confidence = c(0.95, 0.998)))
}
for (m in c("isratio", "israte")) {
  f <- if (m == "isratio") calculate_ISRatio else calculate_ISRate
  pre <- if (m == "isratio") "isratio" else "israte"
  base <- "--x x --n n --x-ref x_ref --n-ref n_ref --group-by area"
  add_case(paste0(pre, "_default"), isr, c(m, base), "area",
           function(d) f(group_by(d, area), x, n, x_ref, n_ref, refpoptype = "field"))
  add_case(paste0(pre, "_two_levels"), isr, c(m, base, "--confidence 0.95,0.998"), "area",
           function(d) f(group_by(d, area), x, n, x_ref, n_ref, refpoptype = "field", confidence = c(0.95, 0.998)))
  add_case(paste0(pre, "_998"), isr, c(m, base, "--confidence 0.998 --type standard"), "area",
           function(d) f(group_by(d, area), x, n, x_ref, n_ref, refpoptype = "field", confidence = 0.998, type = "standard"))
  for (ty in c("value", "lower", "upper")) {
    add_case(paste0(pre, "_type_", ty), isr, c(m, base, "--confidence 0.95,0.998 --type", ty), "area",
             function(d) f(group_by(d, area), x, n, x_ref, n_ref, refpoptype = "field", confidence = c(0.95, 0.998), type = ty))
  }
  add_case(paste0(pre, "_ungrouped"), isr[isr$area == "i09", ], c(m, "--x x --n n --x-ref x_ref --n-ref n_ref"), "",
           function(d) f(d, x, n, x_ref, n_ref, refpoptype = "field"))
  bad <- isr[isr$area %in% c("i09", "i10"), ]
  bad$x[3] <- -2
  add_case(paste0(pre, "_err_negative_x"), bad, c(m, base), "",
           function(d) f(group_by(d, area), x, n, x_ref, n_ref, refpoptype = "field"))
  bad <- isr[isr$area %in% c("i09", "i10"), ]
  bad$n[3] <- -2
  add_case(paste0(pre, "_err_negative_n"), bad, c(m, base), "",
           function(d) f(group_by(d, area), x, n, x_ref, n_ref, refpoptype = "field"))
  bad <- isr[isr$area %in% c("i09", "i10"), ][-3, ]
  add_case(paste0(pre, "_err_unequal_groups"), bad, c(m, base), "",
           function(d) f(group_by(d, area), x, n, x_ref, n_ref, refpoptype = "field"))
}
add_case("isratio_conf100", isr, c("isratio", "--x x --n n --x-ref x_ref --n-ref n_ref --group-by area --confidence 100"), "area",
         function(d) calculate_ISRatio(group_by(d, area), x, n, x_ref, n_ref, refpoptype = "field", confidence = 100))
add_case("isratio_refvalue100", isr, c("isratio", "--x x --n n --x-ref x_ref --n-ref n_ref --group-by area --refvalue 100"), "area",
         function(d) calculate_ISRatio(group_by(d, area), x, n, x_ref, n_ref, refpoptype = "field", refvalue = 100))
add_case("israte_m1000", isr, c("israte", "--x x --n n --x-ref x_ref --n-ref n_ref --group-by area --multiplier 1000"), "area",
         function(d) calculate_ISRate(group_by(d, area), x, n, x_ref, n_ref, refpoptype = "field", multiplier = 1000))
add_case("israte_err_unequal_area_sex", isr, c("israte", "--x x --n n --x-ref x_ref --n-ref n_ref --group-by area,sex"), "",
         function(d) calculate_ISRate(group_by(d, area, sex), x, n, x_ref, n_ref, refpoptype = "field"))

# --- mean ---------------------------------------------------------------------

mean_d <- do.call(rbind, lapply(1:40, function(g) {
  k <- sample(c(1, 1, 2, 3, 5, 10, 30), 1)
  v <- rnorm(k, runif(1, -100, 1000), runif(1, 0.001, 50))
  data.frame(area = sprintf("m%02d", g), sex = sample(c("F", "M"), k, TRUE), x = v)
}))
mean_d$x[mean_d$area == "m03"] <- 7                         # zero variance
mean_d$x[sample(nrow(mean_d), 4)] <- NA
add_case("mean_default", mean_d, c("mean", "--x x --group-by area"), "area",
         function(d) phe_mean(group_by(d, area), x))
add_case("mean_two_levels", mean_d, c("mean", "--x x --group-by area --confidence 0.95,0.998"), "area",
         function(d) phe_mean(group_by(d, area), x, confidence = c(0.95, 0.998)))
add_case("mean_90_area_sex", mean_d, c("mean", "--x x --group-by area,sex --confidence 90"), c("area", "sex"),
         function(d) phe_mean(group_by(d, area, sex), x, confidence = 90))
for (ty in c("standard", "value", "lower", "upper")) {
  add_case(paste0("mean_type_", ty), mean_d, c("mean", "--x x --group-by area --type", ty), "area",
           function(d) phe_mean(group_by(d, area), x, type = ty))
}
add_case("mean_ungrouped", mean_d[!is.na(mean_d$x), ], c("mean", "--x x"), "", function(d) phe_mean(d, x))
add_case("mean_ungrouped_na", mean_d, c("mean", "--x x --confidence 0.95,0.998"), "",
         function(d) phe_mean(d, x, confidence = c(0.95, 0.998)))
add_case("mean_conf1", mean_d, c("mean", "--x x --group-by area --confidence 1"), "area",
         function(d) phe_mean(group_by(d, area), x, confidence = 1))
add_case("mean_err_conf_pct_pair", mean_d, c("mean", "--x x --group-by area --confidence 95,99.8"), "",
         function(d) phe_mean(group_by(d, area), x, confidence = c(95, 99.8)))
add_case("mean_err_conf", mean_d, c("mean", "--x x --confidence 0.8"), "", function(d) phe_mean(d, x, confidence = 0.8))

# --- life expectancy ----------------------------------------------------------

ages <- c(0L, 1L, 5L, 10L, 15L, 20L, 25L, 30L, 35L, 40L, 45L, 50L, 55L, 60L, 65L, 70L, 75L, 80L, 85L, 90L)
mort <- c(0.004, 0.0002, 0.0001, 0.0001, 0.0003, 0.0005, 0.0006, 0.0008, 0.001, 0.0015,
          0.0025, 0.004, 0.006, 0.01, 0.016, 0.025, 0.04, 0.07, 0.12, 0.25)
make_le <- function(areas) {
  do.call(rbind, lapply(areas, function(a) {
    size <- sample(c(300, 1000, 5000, 20000), 1)
    pop <- round(size * runif(20, 0.3, 1.2) * c(0.2, rep(1, 17), 0.6, 0.3))
    data.frame(area = a, startage = ages, population = pop,
               deaths = rpois(20, pop * mort * runif(1, 0.6, 1.6)))
  }))
}
le <- make_le(sprintf("l%02d", 1:30))
le$deaths[le$area == "l01" & le$startage == 40] <- -1     # negative deaths
le$population[le$area == "l02" & le$startage == 5] <- 0   # zero population
le <- le[!(le$area == "l03" & le$startage == 85), ]       # 19 bands
le$deaths[le$area == "l04" & le$startage == 30] <- le$population[le$area == "l04" & le$startage == 30] + 1
le$population[le$area == "l05"] <- 200                    # total population 4,000
le$deaths[le$area == "l06" & le$startage == 90] <- 0      # no deaths in the open band
le$deaths[le$area == "l07" & le$startage == 0] <- 0
le$deaths[le$area == "l08"] <- 0
le$deaths[le$area == "l08" & le$startage == 90] <- 3
le$population[le$area == "l09"] <- 251                    # total population just over 5,000 (wide intervals)
le$deaths[le$area == "l09"] <- rpois(20, 251 * mort)
le$deaths[le$area == "l09" & le$startage == 90] <- 60
le$deaths[le$area == "l10" & le$startage == 60] <- le$population[le$area == "l10" & le$startage == 60]  # deaths = population
le <- le[sample(nrow(le)), ]
add_case("le_default", le, c("life-expectancy", "--deaths deaths --population population --startage startage --group-by area"),
         c("area", "startage"),
         function(d) phe_life_expectancy(group_by(d, area), deaths, population, startage))
le_some <- le[le$area %in% sprintf("l%02d", 1:12), ]
add_case("le_three_levels", le_some,
         c("life-expectancy", "--deaths deaths --population population --startage startage --group-by area --confidence 0.9,0.95,0.998"),
         c("area", "startage"),
         function(d) phe_life_expectancy(group_by(d, area), deaths, population, startage, confidence = c(0.9, 0.95, 0.998)))
add_case("le_two_levels_standard", le_some,
         c("life-expectancy", "--deaths deaths --population population --startage startage --group-by area --confidence 95,99.8 --type standard"),
         c("area", "startage"),
         function(d) phe_life_expectancy(group_by(d, area), deaths, population, startage, confidence = c(95, 99.8), type = "standard"))
big <- names(which(tapply(le$population, le$area, sum) > 60000))
big <- setdiff(big, sprintf("l%02d", 1:10))[1]
add_case("le_ungrouped", le[le$area == big, ], c("life-expectancy", "--deaths deaths --population population --startage startage"),
         "startage",
         function(d) phe_life_expectancy(d, deaths, population, startage))
add_case("le_ungrouped_suppressed", le[le$area == "l05", ], c("life-expectancy", "--deaths deaths --population population --startage startage"),
         "startage",
         function(d) phe_life_expectancy(d, deaths, population, startage))
le_na <- le[le$area %in% sprintf("l%02d", 11:16), ]
le_na$deaths[le_na$area == "l11" & le_na$startage == 50] <- NA
le_na$population[le_na$area == "l12" & le_na$startage == 20] <- NA
le_na$population[le_na$area %in% c("l13", "l15", "l16")] <- le_na$population[le_na$area %in% c("l13", "l15", "l16")] * 10
le_na$deaths[le_na$area == "l13" & le_na$startage == 90] <- NA
le_na$population[le_na$area == "l14" & le_na$startage == 90] <- NA
le_na$deaths[le_na$area == "l15" & le_na$startage == 0] <- NA
le_na$deaths[le_na$area == "l16" & le_na$startage %in% c(10, 75)] <- NA
le_na$population[le_na$area == "l16" & le_na$startage == 60] <- NA
le_na$sex <- "F"
le_na <- le_na[, c("sex", "startage", "deaths", "area", "population")]  # columns in another order
add_case("le_missing_values", le_na,
         c("life-expectancy", "--deaths deaths --population population --startage startage --group-by area,sex"), c("area", "startage"),
         function(d) phe_life_expectancy(group_by(d, area, sex), deaths, population, startage))
bad <- le[le$area %in% c("l11", "l12"), ]
add_case("le_err_conf", bad, c("life-expectancy", "--deaths deaths --population population --startage startage --group-by area --confidence 0.5"), "",
         function(d) phe_life_expectancy(group_by(d, area), deaths, population, startage, confidence = 0.5))
bad$startage[bad$startage == 45] <- 46L
add_case("le_err_startage", bad, c("life-expectancy", "--deaths deaths --population population --startage startage --group-by area"), "",
         function(d) phe_life_expectancy(group_by(d, area), deaths, population, startage))

# --- quantiles ----------------------------------------------------------------

q <- do.call(rbind, lapply(1:12, function(g) {
  k <- sample(c(3, 8, 10, 11, 25, 57, 100), 1)
  v <- round(rnorm(k, 50, 20), sample(c(0, 1, 3), 1))    # rounding makes ties
  data.frame(grp = sprintf("q%02d", g), polarity = sample(c("TRUE", "FALSE"), 1), values = v)
}))
q$values[sample(nrow(q), 15)] <- NA
q$sub <- sample(c("a", "b"), nrow(q), TRUE)
add_case("quantile_default", q, c("quantile", "--values values --group-by grp"), "",
         function(d) phe_quantile(group_by(d, grp), values))
add_case("quantile_not_inverted_5", q, c("quantile", "--values values --group-by grp --nquantiles 5 --invert false"), "",
         function(d) phe_quantile(group_by(d, grp), values, nquantiles = 5L, invert = FALSE))
qf <- q
qf$polarity <- as.logical(qf$polarity)
add_case("quantile_invert_field", qf, c("quantile", "--values values --group-by grp --nquantiles 4 --invert polarity"), "",
         function(d) phe_quantile(group_by(d, grp), values, nquantiles = 4L, invert = polarity, inverttype = "field"))
add_case("quantile_two_groupings_standard", q, c("quantile", "--values values --group-by grp,sub --nquantiles 3 --type standard"), "",
         function(d) phe_quantile(group_by(d, grp, sub), values, nquantiles = 3L, type = "standard"))
add_case("quantile_ungrouped", q, c("quantile", "--values values --nquantiles 7"), "",
         function(d) phe_quantile(d, values, nquantiles = 7L))
qb <- qf
qb$polarity[qb$grp == "q01"][1] <- !qb$polarity[qb$grp == "q01"][1]
add_case("quantile_err_invert_inconsistent", qb, c("quantile", "--values values --group-by grp --invert polarity"), "",
         function(d) phe_quantile(group_by(d, grp), values, invert = polarity, inverttype = "field"))

# --- funnels ------------------------------------------------------------------

fp <- data.frame(area = sprintf("f%03d", 1:150))
fp$denominator <- round(exp(runif(150, log(20), log(20000))))
fp$numerator <- rbinom(150, fp$denominator, runif(150, 0.05, 0.4))
fp$numerator[1:3] <- 0
fp$numerator[4:5] <- fp$denominator[4:5]
add_case("funnel_sig_proportion", fp, c("funnel-significance", "--numerator numerator --denominator denominator --statistic proportion"), "",
         function(d) assign_funnel_significance(d, numerator, denominator, statistic = "proportion"))
add_case("funnel_limits_proportion_m100", fp, c("funnel-limits", "--numerator numerator --denominator denominator --statistic proportion --multiplier 100"), "",
         function(d) calculate_funnel_limits(d, numerator, denominator, statistic = "proportion", multiplier = 100))
narrow <- fp[fp$denominator > 5000 & fp$denominator < 9000, ]
add_case("funnel_limits_proportion_narrow", narrow, c("funnel-limits", "--numerator numerator --denominator denominator --statistic proportion --multiplier 1 --type standard"), "",
         function(d) calculate_funnel_limits(d, numerator, denominator, statistic = "proportion", multiplier = 1, type = "standard"))

fr <- data.frame(area = sprintf("r%03d", 1:150))
fr$expected <- exp(runif(150, log(0.5), log(800)))
fr$obs <- rpois(150, fr$expected * exp(rnorm(150, 0, 0.3)))
fr$obs[1:4] <- 0
add_case("funnel_sig_ratio", fr, c("funnel-significance", "--numerator obs --denominator expected --statistic ratio"), "",
         function(d) assign_funnel_significance(d, obs, expected, statistic = "ratio"))
for (rt in c("count", "isr")) {
  add_case(paste0("funnel_limits_ratio_", rt), fr[5:150, ],
           c("funnel-limits", "--numerator obs --denominator expected --statistic ratio --multiplier 1 --ratio-type", rt), "",
           function(d) calculate_funnel_limits(d, obs, expected, statistic = "ratio", multiplier = 1, ratio_type = rt))
}

ft <- data.frame(area = sprintf("t%03d", 1:150))
ft$pop <- round(exp(runif(150, log(500), log(3e5))))
ft$ev <- rpois(150, ft$pop * runif(150, 0.0005, 0.004))
ft$ev[1:4] <- 0
ft$crude <- ft$ev / ft$pop * 1e5
ft$dsr <- ft$crude * runif(150, 0.8, 1.2)
ft$crude[ft$ev == 0] <- NA
for (rt in c("dsr", "crude")) {
  col <- rt
  add_case(paste0("funnel_sig_rate_", rt), ft,
           c("funnel-significance", "--numerator ev --rate", col, "--denominator pop --statistic rate --rate-type", rt, "--multiplier 100000"), "",
           function(d) eval(bquote(assign_funnel_significance(d, ev, pop, rate = .(as.name(col)), statistic = "rate", rate_type = rt, multiplier = 100000))))
  add_case(paste0("funnel_points_", rt), ft,
           c("funnel-points", "--numerator ev --rate", col, "--denominator pop --rate-type", rt, "--years-of-data 3 --multiplier 100000"), "",
           function(d) eval(bquote(calculate_funnel_points(d, ev, pop, rate = .(as.name(col)), rate_type = rt, years_of_data = 3, multiplier = 100000))))
  add_case(paste0("funnel_limits_rate_", rt), ft,
           c("funnel-limits", "--numerator ev --rate", col, "--denominator pop --statistic rate --rate-type", rt, "--years-of-data 3 --multiplier 100000"), "",
           function(d) eval(bquote(calculate_funnel_limits(d, ev, pop, rate = .(as.name(col)), statistic = "rate", rate_type = rt, years_of_data = 3, multiplier = 100000))))
}
ftn <- ft[ft$ev > 0, ]
# assign_funnel_significance(statistic = "rate") without a denominator fails
# in the package ("`var` is absent but must be supplied.": its check that
# denominators are positive reads the missing argument). With every count
# above zero the denominator is never used, so R's answer is taken with it.
add_case("funnel_sig_rate_crude_nodenominator", ftn,
         c("funnel-significance", "--numerator ev --rate crude --statistic rate --rate-type crude --multiplier 100"), "",
         function(d) assign_funnel_significance(d, ev, pop, rate = crude, statistic = "rate", rate_type = "crude", multiplier = 100))
add_case("funnel_points_crude_nodenominator", ftn,
         c("funnel-points", "--numerator ev --rate crude --rate-type crude --years-of-data 1 --multiplier 100000"), "",
         function(d) calculate_funnel_points(d, ev, rate = crude, rate_type = "crude", years_of_data = 1, multiplier = 100000))
add_case("funnel_sig_rate_err_zero_no_denominator", ft,
         c("funnel-significance", "--numerator ev --rate dsr --statistic rate --rate-type dsr --multiplier 100000"), "",
         function(d) assign_funnel_significance(d, ev, rate = dsr, statistic = "rate", rate_type = "dsr", multiplier = 100000))
bad <- ft
bad$dsr[9] <- NA
add_case("funnel_limits_rate_err_missing_rate", bad,
         c("funnel-limits", "--numerator ev --rate dsr --statistic rate --rate-type dsr --years-of-data 3 --multiplier 100000"), "",
         function(d) calculate_funnel_limits(d, ev, rate = dsr, statistic = "rate", rate_type = "dsr", years_of_data = 3, multiplier = 100000))
add_case("funnel_sig_rate_missing_rate_with_denominator", bad,
         c("funnel-significance", "--numerator ev --rate dsr --denominator pop --statistic rate --rate-type crude --multiplier 100000"), "",
         function(d) assign_funnel_significance(d, ev, pop, rate = dsr, statistic = "rate", rate_type = "crude", multiplier = 100000))
bad <- ft
bad$ev[9] <- NA
add_case("funnel_sig_rate_err_missing_numerator", bad,
         c("funnel-significance", "--numerator ev --rate dsr --denominator pop --statistic rate --rate-type dsr --multiplier 100000"), "",
         function(d) assign_funnel_significance(d, ev, pop, rate = dsr, statistic = "rate", rate_type = "dsr", multiplier = 100000))
bad <- ft
bad$pop[2] <- NA
add_case("funnel_points_err_zero_events_no_denominator", bad,
         c("funnel-points", "--numerator ev --rate crude --denominator pop --rate-type crude --years-of-data 1 --multiplier 100000"), "",
         function(d) calculate_funnel_points(d, ev, pop, rate = crude, rate_type = "crude", years_of_data = 1, multiplier = 100000))
bad <- fp
bad$numerator[8] <- bad$denominator[8] + 1
add_case("funnel_sig_proportion_err_x_gt_n", bad, c("funnel-significance", "--numerator numerator --denominator denominator --statistic proportion"), "",
         function(d) assign_funnel_significance(d, numerator, denominator, statistic = "proportion"))
add_case("funnel_limits_err_no_statistic", fp, c("funnel-limits", "--numerator numerator --denominator denominator --multiplier 100"), "",
         function(d) calculate_funnel_limits(d, numerator, denominator, multiplier = 100))
bad <- fp
bad$numerator[7] <- NA
add_case("funnel_sig_proportion_err_na", bad, c("funnel-significance", "--numerator numerator --denominator denominator --statistic proportion"), "",
         function(d) assign_funnel_significance(d, numerator, denominator, statistic = "proportion"))

# --- slope index of inequality -------------------------------------------------
# The limits are simulated: set.seed(SEED) before phe_sii is --seed SEED, and
# the groups draw one after another from that stream in sorted group order.

make_sii <- function(areas, nq) {
  do.call(rbind, lapply(areas, function(a) {
    pop <- round(runif(nq, 2000, 50000))
    rate <- 0.02 * exp(seq(0.8, 0, length.out = nq) * runif(1, 0.2, 1.5)) * runif(nq, 0.9, 1.1)
    x <- rpois(nq, pop * rate)
    p <- x / pop
    half <- 1.959964 * sqrt(p * (1 - p) / pop)
    data.frame(area = a, sex = sample(c("F", "M"), 1), quantile = 1:nq, population = pop, x = x,
               value = p, lower = p - half, upper = p + half,
               se = runif(nq, 0.0005, 0.003))
  }))
}
sii <- make_sii(sprintf("s%02d", 1:8), 10)
sii <- sii[sample(nrow(sii)), ]
sii$se[sii$area == "s02" & sii$quantile == 4] <- 0          # no draw for a zero standard error
sii_inc <- sii[!(sii$area == "s03" & sii$quantile == 7), ]   # an area without every quantile is dropped
sii_cols <- "--quantile quantile --population population"
add_case("sii_normal_se", sii_inc,
         c("sii", sii_cols, "--value value --se se --group-by area --repetitions 1000 --seed 7 --rii --intercept --confidence 0.95,0.998"), "area",
         function(d) { set.seed(7); phe_sii(group_by(d, area), quantile, population, value = value, se = se,
                                            repetitions = 1000, rii = TRUE, intercept = TRUE, confidence = c(0.95, 0.998)) })
add_case("sii_rate_limits_negative_multiplier", sii,
         c("sii", sii_cols, "--value value --lower-cl lower --upper-cl upper --value-type 1 --multiplier -100 --group-by area,sex --repetitions 2000 --seed 12345 --rii"),
         c("area", "sex"),
         function(d) { set.seed(12345); phe_sii(group_by(d, area, sex), quantile, population, value = value, lower_cl = lower, upper_cl = upper,
                                                value_type = 1, multiplier = -100, repetitions = 2000, rii = TRUE) })
add_case("sii_rate_transform", sii,
         c("sii", sii_cols, "--value value --lower-cl lower --upper-cl upper --value-type 1 --transform --group-by area --repetitions 1000 --seed 3 --rii --intercept --multiplier 1000"),
         "area",
         function(d) { set.seed(3); phe_sii(group_by(d, area), quantile, population, value = value, lower_cl = lower, upper_cl = upper,
                                            value_type = 1, transform = TRUE, repetitions = 1000, rii = TRUE, intercept = TRUE, multiplier = 1000) })
add_case("sii_proportion_x_transform", sii,
         c("sii", sii_cols, "--x x --lower-cl lower --upper-cl upper --value-type 2 --transform --group-by area --repetitions 1000 --seed 99 --rii --multiplier 100 --confidence 0.9,0.95"),
         "area",
         function(d) { set.seed(99); phe_sii(group_by(d, area), quantile, population, x = x, lower_cl = lower, upper_cl = upper,
                                             value_type = 2, transform = TRUE, repetitions = 1000, rii = TRUE, multiplier = 100, confidence = c(0.9, 0.95)) })
add_case("sii_proportion_untransformed_standard", sii,
         c("sii", sii_cols, "--value value --lower-cl lower --upper-cl upper --value-type 2 --group-by area --repetitions 1000 --seed 5 --type standard"),
         "area",
         function(d) { set.seed(5); phe_sii(group_by(d, area), quantile, population, value = value, lower_cl = lower, upper_cl = upper,
                                            value_type = 2, repetitions = 1000, type = "standard") })
add_case("sii_ungrouped_quintiles", make_sii("s99", 5)[, -1],
         c("sii", sii_cols, "--value value --se se --repetitions 1000 --seed 1"), "",
         function(d) { set.seed(1); phe_sii(d, quantile, population, value = value, se = se, repetitions = 1000) })
add_case("sii_default_repetitions", make_sii("s98", 5)[, -1],
         c("sii", sii_cols, "--value value --lower-cl lower --upper-cl upper --value-type 2 --transform --rii"), "",
         function(d) { set.seed(1); phe_sii(d, quantile, population, value = value, lower_cl = lower, upper_cl = upper,
                                            value_type = 2, transform = TRUE, rii = TRUE) })
bad <- sii[sii$area %in% c("s01", "s02"), ]
bad$population[3] <- 0
add_case("sii_err_zero_population", bad, c("sii", sii_cols, "--value value --se se --group-by area --repetitions 1000"), "",
         function(d) phe_sii(group_by(d, area), quantile, population, value = value, se = se, repetitions = 1000))
add_case("sii_err_repetitions", sii, c("sii", sii_cols, "--value value --se se --group-by area --repetitions 999"), "",
         function(d) phe_sii(group_by(d, area), quantile, population, value = value, se = se, repetitions = 999))
bad <- sii[sii$area %in% c("s01", "s02") & sii$quantile <= 4, ]
add_case("sii_err_four_quantiles", bad, c("sii", sii_cols, "--value value --se se --group-by area --repetitions 1000"), "",
         function(d) phe_sii(group_by(d, area), quantile, population, value = value, se = se, repetitions = 1000))

# --- multipliers --------------------------------------------------------------
# statistic labels: paste0 writes 1e+05, format(scientific = FALSE) 100000
small_prop <- prop[1:12, ]
small_rate <- rate[1:12, ]
totals <- tapply(ifelse(is.na(dsr$x), 0, dsr$x), dsr$area, sum)
dsr_big <- names(totals)[totals >= 10][1:2]
for (mult in c(1e5, 1e6, 0.5, 1234567.5, 1e-3, 250, 0.00012345678)) {
  tag <- gsub("[.+-]", "_", format(mult))
  add_case(paste0("prop_multiplier_", tag), small_prop, c("proportion", "--x x --n n --multiplier", format(mult, digits = 15)), "",
           function(d) phe_proportion(d, x, n, multiplier = mult))
  add_case(paste0("rate_multiplier_", tag), small_rate, c("rate", "--x x --n n --multiplier", format(mult, digits = 15)), "",
           function(d) phe_rate(d, x, n, multiplier = mult))
  add_case(paste0("dsr_multiplier_", tag), dsr[dsr$area %in% c("d07", "d08", dsr_big), ],
           c("dsr", "--x x --n n --stdpop stdpop --group-by area --multiplier", format(mult, digits = 15)), "area",
           function(d) calculate_dsr(group_by(d, area), x, n, stdpop = stdpop, multiplier = mult))
  add_case(paste0("israte_multiplier_", tag), isr[isr$area %in% c("i15", "i16"), ],
           c("israte", "--x x --n n --x-ref x_ref --n-ref n_ref --group-by area --multiplier", format(mult, digits = 15)), "area",
           function(d) calculate_ISRate(group_by(d, area), x, n, x_ref, n_ref, refpoptype = "field", multiplier = mult))
  add_case(paste0("isratio_refvalue_", tag), isr[isr$area %in% c("i15", "i16"), ],
           c("isratio", "--x x --n n --x-ref x_ref --n-ref n_ref --group-by area --refvalue", format(mult, digits = 15)), "area",
           function(d) calculate_ISRatio(group_by(d, area), x, n, x_ref, n_ref, refpoptype = "field", refvalue = mult))
  add_case(paste0("funnel_limits_rate_multiplier_", tag), ft,
           c("funnel-limits", "--numerator ev --rate dsr --denominator pop --statistic rate --rate-type dsr --years-of-data 1 --multiplier", format(mult, digits = 15)), "",
           function(d) calculate_funnel_limits(d, ev, pop, rate = dsr, statistic = "rate", rate_type = "dsr", years_of_data = 1, multiplier = mult))
}

# le_age keeps the rows at the start ages asked for; none of them standard: every row and a warning.
add_case("le_age_two", le, c("life-expectancy", "--deaths deaths --population population --startage startage --group-by area --le-age 65,0"),
         c("area", "startage"),
         function(d) phe_life_expectancy(group_by(d, area), deaths, population, startage, le_age = c(65, 0)))
add_case("le_age_not_standard", le_some, c("life-expectancy", "--deaths deaths --population population --startage startage --group-by area --le-age 3"),
         c("area", "startage"),
         function(d) phe_life_expectancy(group_by(d, area), deaths, population, startage, le_age = 3))

write.csv(manifest, file.path(out_dir, "cases.csv"), row.names = FALSE)
cat(sprintf("%d cases written to %s (seed %d)\n", nrow(manifest), out_dir, seed))
