# laeval.R - synthetic data and R's answers for the local authority's
# implementation analysis across schools (src/model/la/laeval.h;
# tests/unit/test_laeval.c). Run from the repository root:
#
#   Rscript tests/lmm/laeval.R
#
# It writes tests/lmm/data/laeval_{three,few}.csv and tests/lmm/laeval.json.
# All are committed, so the tests never need R.
#   three: 12 schools, 4 to 7 key teachers each, 5 to 12 pupils each: pupils
#          in key teachers in schools, lme4's lmer with (1 | school/key_teacher),
#          REML; the degrees of freedom from nlme's lme (the between-within
#          method meso uses)
#   few:   4 schools: too few for a variance between schools, so school is a
#          fixed effect and key teachers a random intercept (1 | key_teacher)
# The outcome is an SDQ-like total (lower is better), so g = -J b SD_x / sd_T,
# with SD_x the indicator's SD across key teachers, sd_T from the model
# without covariates (all its variances), J = 1 - 3 / (4 df - 1), and the
# Hedges (2007) interval with rho the share of sd_T^2 between groups (school
# and key teacher together) and n the mean key teacher's group.
suppressMessages({ library(lme4); library(nlme); library(jsonlite) })
dir.create("tests/lmm/data", showWarnings = FALSE, recursive = TRUE)

ind <- c("fidelity", "parent_reviews", "methods", "two_or_more")

make <- function(n_school, seed) {
  set.seed(seed)
  rows <- list()
  p <- 0
  for (s in seq_len(n_school)) {
    school <- sprintf("S%02d", s)
    s_eff <- rnorm(1, 0, 1.2)
    strength <- rnorm(1, 0, 1)
    for (t in seq_len(sample(4:7, 1))) {
      teacher <- sprintf("K%02d%02d", s, t)
      t_eff <- rnorm(1, 0, 1.0)
      fidelity <- round(min(1, max(0, 0.6 + 0.1 * strength + rnorm(1, 0, 0.12))), 3)
      reviews <- round(runif(1, 0.5, 3), 3)
      methods <- round(runif(1, 1, 3), 3)
      two <- round(runif(1, 0.2, 1), 3)
      year <- sprintf("Y%d", sample(1:6, 1))
      for (i in seq_len(sample(5:12, 1))) {
        p <- p + 1
        fsm <- rbinom(1, 1, 0.3)
        sen <- sample(c("N", "K", "E"), 1, prob = c(0.6, 0.32, 0.08))
        eal <- sample(c("yes", "no", "unknown"), 1, prob = c(0.2, 0.75, 0.05))
        sex <- sample(c("F", "M"), 1)
        baseline <- min(40, max(0, round(rnorm(1, 13, 5))))
        outcome <- min(40, max(0, round(4 + 0.6 * baseline + 1.5 * fsm + 2 * (sen != "N") -
                                        6 * fidelity - 1.0 * two + s_eff + t_eff +
                                        rnorm(1, 0, 3))))
        rows[[p]] <- data.frame(pupil = sprintf("P%04d", p), school = school,
                                key_teacher = teacher, outcome = outcome,
                                baseline = baseline, fsm = fsm, sen = sen, eal = eal,
                                year_group = year, sex = sex, fidelity = fidelity,
                                parent_reviews = reviews, methods = methods,
                                two_or_more = two, stringsAsFactors = FALSE)
      }
    }
  }
  do.call(rbind, rows)
}

hedges_b <- function(N, G, rho) {
  n <- N / G
  ((N - 2) * (1 - rho)^2 + n * (N - 2 * n) * rho^2 + 2 * (N - 2 * n) * rho * (1 - rho)) /
    (2 * (N - 2) * ((N - 2) - 2 * (n - 1) * rho))
}

report <- function(d, m, l, m0, covs) {
  vc0 <- as.data.frame(VarCorr(m0))$vcov
  sd_t <- sqrt(sum(vc0))
  rho <- sum(vc0[-length(vc0)]) / sum(vc0)
  G <- length(unique(d$key_teacher))
  B <- hedges_b(nrow(d), G, rho)
  tt <- summary(l)$tTable
  out <- list(n = nrow(d), schools = length(unique(d$school)), key_teachers = G,
              formula = covs, total_sd = sd_t, icc = rho, sigma = sigma(m),
              loglik = as.numeric(logLik(m)), indicators = list())
  vc <- as.data.frame(VarCorr(m))
  out$sd <- setNames(as.list(vc$sdcor), vc$grp)
  for (x in ind) {
    b <- fixef(m)[[x]]
    se <- sqrt(vcov(m)[x, x])
    df <- tt[x, "DF"]
    sdx <- sd(tapply(d[[x]], d$key_teacher, function(v) v[1]))
    J <- 1 - 3 / (4 * df - 1)
    graw <- -b * sdx / sd_t
    se_g <- J * sqrt((se * sdx / sd_t)^2 + graw^2 * B)
    out$indicators[[x]] <- list(estimate = b, se = se, df = df,
                                ci_low = b - qt(0.975, df) * se,
                                ci_high = b + qt(0.975, df) * se, sd = sdx, g = J * graw,
                                g_low = J * graw - qnorm(0.975) * se_g,
                                g_high = J * graw + qnorm(0.975) * se_g)
  }
  out
}

fixed <- paste("outcome ~ baseline + fsm + sen + eal + year_group + sex +",
               "fidelity + parent_reviews + methods + two_or_more")
out <- list()

d <- make(12, 20261216)
write.csv(d, "tests/lmm/data/laeval_three.csv", row.names = FALSE, quote = FALSE)
d[] <- lapply(d, function(v) if (is.character(v)) factor(v) else v)
m <- lmer(as.formula(paste(fixed, "+ (1 | school/key_teacher)")), data = d, REML = TRUE,
          control = lmerControl(optimizer = "bobyqa"))
m0 <- lmer(outcome ~ 1 + (1 | school/key_teacher), data = d, REML = TRUE)
l <- lme(as.formula(fixed), random = ~ 1 | school/key_teacher, data = d, method = "REML")
out$three <- report(d, m, l, m0, paste(fixed, "+ (1 | school/key_teacher)"))

d <- make(4, 7)
write.csv(d, "tests/lmm/data/laeval_few.csv", row.names = FALSE, quote = FALSE)
d[] <- lapply(d, function(v) if (is.character(v)) factor(v) else v)
fixed_few <- paste("outcome ~ baseline + fsm + sen + eal + year_group + sex + school +",
                   "fidelity + parent_reviews + methods + two_or_more")
m <- lmer(as.formula(paste(fixed_few, "+ (1 | key_teacher)")), data = d, REML = TRUE,
          control = lmerControl(optimizer = "bobyqa"))
m0 <- lmer(outcome ~ 1 + (1 | key_teacher), data = d, REML = TRUE)
l <- lme(as.formula(fixed_few), random = ~ 1 | key_teacher, data = d, method = "REML")
out$few <- report(d, m, l, m0, paste(fixed_few, "+ (1 | key_teacher)"))

writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE), "tests/lmm/laeval.json")
