# lmm_fit.R - lme4's side of bench/lmm: read the CSV (not timed), then time
# lmer() alone with its defaults. Prints "SECONDS LOGLIK".
#   Rscript bench/lmm_fit.R FILE.csv 'FORMULA'
args <- commandArgs(trailingOnly = TRUE)
suppressMessages(library(lme4))
d <- read.csv(args[1], stringsAsFactors = TRUE)
f <- as.formula(args[2])
t <- system.time(m <- suppressWarnings(suppressMessages(lmer(f, d))))[["elapsed"]]
cat(sprintf("%.3f %.6f\n", t, as.numeric(logLik(m))))
