# reference.R - synthetic data sets and lme4's answers for meso's mixed-model
# tests (tests/unit/test_lmm.c). Run from the repository root:
#
#   Rscript tests/lmm/reference.R
#
# It writes tests/lmm/data/<case>.csv and tests/lmm/reference.json. Both are
# committed, so the tests never need R. Each reference is the best optimum
# over several lme4 optimisers, polished with tight tolerances; the default
# optimiser's log-likelihood is kept too ("loglik_default") so that a case
# where it stops short shows it.
suppressMessages({ library(lme4); library(jsonlite) })
stopifnot(packageVersion("lme4") >= "1.1.31")
dir.create("tests/lmm/data", showWarnings = FALSE, recursive = TRUE)

pupils <- function(n_la, schools_per_la, pupils_per_school, seed) {
  set.seed(seed)
  n_school <- n_la * schools_per_la
  school <- rep(sprintf("S%03d", seq_len(n_school)), each = pupils_per_school)
  la <- rep(sprintf("L%02d", seq_len(n_la)), each = schools_per_la * pupils_per_school)
  n <- length(school)
  data.frame(la = la, school = school,
             pre = round(rnorm(n, 100, 15), 1),
             fsm = rbinom(n, 1, 0.22),
             sen = sample(c("N", "K", "E"), n, replace = TRUE, prob = c(0.84, 0.13, 0.03)),
             sex = sample(c("F", "M"), n, replace = TRUE),
             stringsAsFactors = FALSE)
}

add_outcome <- function(d, sd_school = c(3, 0.15), corr = 0.3, sd_la = 2, sigma = 8,
                        beta = c(20, 0.8, -2.5)) {
  schools <- unique(d$school); las <- unique(d$la)
  S <- diag(sd_school) %*% matrix(c(1, corr, corr, 1), 2) %*% diag(sd_school)
  b <- MASS::mvrnorm(length(schools), c(0, 0), S)
  rownames(b) <- schools
  a <- setNames(rnorm(length(las), 0, sd_la), las)
  prec <- d$pre - 100
  sen_eff <- c(N = 0, K = -3, E = -6)[d$sen]
  d$post <- round(beta[1] + 100 * beta[2] + beta[2] * prec + beta[3] * d$fsm + sen_eff +
                  b[d$school, 1] + b[d$school, 2] * prec + a[d$la] +
                  rnorm(nrow(d), 0, sigma), 2)
  d
}

optimisers <- list(
  list(optimizer = "nloptwrap"),
  list(optimizer = "bobyqa"),
  list(optimizer = "Nelder_Mead"),
  list(optimizer = "nlminbwrap"),
  list(optimizer = "nloptwrap", optCtrl = list(algorithm = "NLOPT_LN_NELDERMEAD", maxeval = 1e5,
                                               xtol_abs = 1e-10, ftol_abs = 1e-12)))

fit_best <- function(formula, d, reml) {
  fits <- list()
  for (o in optimisers) {
    ctrl <- do.call(lmerControl, c(o, list(check.conv.singular = "ignore",
                                           check.conv.grad = "ignore",
                                           check.conv.hess = "ignore")))
    f <- tryCatch(suppressWarnings(lmer(formula, d, REML = reml, control = ctrl)),
                  error = function(e) NULL)
    if (!is.null(f)) fits[[length(fits) + 1]] <- f
  }
  ll <- sapply(fits, function(f) as.numeric(logLik(f)))
  best <- fits[[which.max(ll)]]
  # polish from the best optimum with tight tolerances
  ctrl <- lmerControl(optimizer = "nloptwrap", check.conv.singular = "ignore",
                      check.conv.grad = "ignore", check.conv.hess = "ignore",
                      optCtrl = list(xtol_abs = 1e-12, ftol_abs = 1e-14, maxeval = 1e5))
  pol <- tryCatch(suppressWarnings(update(best, start = getME(best, "theta"), control = ctrl)),
                  error = function(e) best)
  if (as.numeric(logLik(pol)) > as.numeric(logLik(best))) best <- pol
  list(best = best, default = fits[[1]])
}

describe <- function(name, formula, d, reml) {
  r <- fit_best(formula, d, reml)
  m <- r$best
  vc <- VarCorr(m)
  random <- list()
  for (g in names(vc)) {
    v <- vc[[g]]
    sds <- attr(v, "stddev")
    cr <- attr(v, "correlation")
    corr <- list()
    if (length(sds) > 1)
      for (j in 1:(length(sds) - 1)) for (i in (j + 1):length(sds))
        corr[[paste(names(sds)[j], names(sds)[i], sep = ":")]] <- cr[i, j]
    random[[g]] <- list(sd = as.list(sds), corr = corr)
  }
  fe <- summary(m)$coefficients
  fixed <- lapply(seq_len(nrow(fe)), function(i) list(estimate = fe[i, 1], se = fe[i, 2]))
  names(fixed) <- rownames(fe)
  re <- ranef(m, condVar = TRUE)
  modes <- list()
  for (g in names(re)) {
    pv <- attr(re[[g]], "postVar")
    k <- min(3, nrow(re[[g]]))
    modes[[g]] <- lapply(seq_len(k), function(i)
      list(group = rownames(re[[g]])[i], mode = as.numeric(re[[g]][i, ]),
           se = sqrt(diag(as.matrix(pv[, , i])))))
  }
  list(name = name, formula = paste(deparse(formula, width.cutoff = 500), collapse = ""),
       reml = reml, n = nobs(m), loglik = as.numeric(logLik(m)),
       loglik_default = as.numeric(logLik(r$default)),
       aic = AIC(m), bic = BIC(m), sigma = sigma(m), fixed = fixed,
       groups = as.list(ngrps(m)), random = random, modes = modes)
}

cases <- list()
save <- function(d, file) write.csv(d, file.path("tests/lmm/data", file), row.names = FALSE,
                                    na = "NA")

# 1. Two levels: random intercept; random slopes (REML and ML).
d2 <- add_outcome(pupils(1, 40, 25, 11), sd_la = 0)
d2$la <- NULL
save(d2, "two.csv")
cases[[length(cases) + 1]] <- describe("intercept", post ~ pre + fsm + (1 | school), d2, TRUE)
cases[[length(cases) + 1]] <- describe("slopes", post ~ pre + fsm + (1 + pre | school), d2, TRUE)
cases[[length(cases) + 1]] <- describe("slopes_ml", post ~ pre + fsm + (1 + pre | school), d2, FALSE)
# 2. Factor contrasts and interactions.
cases[[length(cases) + 1]] <- describe("factors", post ~ pre + sen + sex + (1 | school), d2, TRUE)
cases[[length(cases) + 1]] <- describe("interactions", post ~ pre * sen + fsm:pre + sex + (1 | school), d2, TRUE)
cases[[length(cases) + 1]] <- describe("no_intercept", post ~ 0 + sen + pre + (1 | school), d2, FALSE)

# 3. Three levels: pupils in schools in ten local authorities.
d3 <- add_outcome(pupils(10, 8, 20, 12))
save(d3, "three.csv")
cases[[length(cases) + 1]] <- describe("three", post ~ pre + fsm + sen + (1 + pre | school) + (1 | la), d3, TRUE)
cases[[length(cases) + 1]] <- describe("three_ml", post ~ pre + fsm + (1 + pre | school) + (1 | la), d3, FALSE)
cases[[length(cases) + 1]] <- describe("nested", post ~ pre + (1 | la/school), d3, TRUE)

# 4. Missing values: NA in a number column and in a factor.
dm <- d2
set.seed(13)
dm$pre[sample(nrow(dm), 40)] <- NA
dm$sen[sample(nrow(dm), 25)] <- NA
dm$post[sample(nrow(dm), 10)] <- NA
save(dm, "missing.csv")
cases[[length(cases) + 1]] <- describe("missing", post ~ pre + sen + (1 + pre | school), dm, TRUE)

# 5. Slopes on a raw scale: age in days, where the default optimiser can stop short.
set.seed(14)
dr <- pupils(1, 30, 30, 14)
dr$la <- NULL
dr$age_days <- round(runif(nrow(dr), 3000, 4200))
sch <- unique(dr$school)
b0 <- setNames(rnorm(length(sch), 0, 40), sch)
b1 <- setNames(rnorm(length(sch), 0, 0.01), sch)
dr$score <- round(500 + b0[dr$school] + (0.02 + b1[dr$school]) * (dr$age_days - 3600) +
                  rnorm(nrow(dr), 0, 30), 1)
save(dr[, c("school", "age_days", "fsm", "score")], "raw.csv")
cases[[length(cases) + 1]] <- describe("raw_scale", score ~ age_days + fsm + (1 + age_days | school), dr, FALSE)

writeLines(toJSON(cases, auto_unbox = TRUE, digits = NA, pretty = TRUE, null = "null", na = "null"),
           "tests/lmm/reference.json")
for (c in cases) cat(sprintf("%-14s loglik %.6f  default %.6f  diff %.2e\n", c$name, c$loglik,
                             c$loglik_default, c$loglik - c$loglik_default))
