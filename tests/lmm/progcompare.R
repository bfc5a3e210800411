# progcompare.R - synthetic data and R's answers for the programme report's
# comparison group (src/model/programmes/progcompare.h; tests/unit/
# test_progcompare.c). Run from the repository root:
#
#   Rscript tests/lmm/progcompare.R
#
# It writes tests/lmm/data/progcompare_{lmm,ols}.csv and
# tests/lmm/progcompare.json. All are committed, so the tests never need R.
#   lmm: 8 key teachers (a mixed model: lme4's lmer, REML; the degrees of
#        freedom from nlme's lme, the between-within method meso uses)
#   ols: 3 key teachers (too few groups: lm)
# The effect size: g = J b / sd_T, with sd_T from the model without
# covariates, J = 1 - 3 / (4 df - 1), and the Hedges (2007) interval.
suppressMessages({ library(lme4); library(nlme); library(jsonlite) })
dir.create("tests/lmm/data", showWarnings = FALSE, recursive = TRUE)

make <- function(n_teacher, per_teacher, seed) {
  set.seed(seed)
  n <- n_teacher * per_teacher
  key_teacher <- rep(sprintf("K%d", seq_len(n_teacher)), each = per_teacher)
  # Two key teachers per year group, so year varies between groups only.
  year <- rep(as.character(3 + (seq_len(n_teacher) - 1) %/% 2), each = per_teacher)
  teacher_effect <- rep(rnorm(n_teacher, 0, 1.5), each = per_teacher)
  enrolled <- rbinom(n, 1, 0.4)
  fsm <- rbinom(n, 1, 0.3)
  sen <- sample(c("N", "K", "E"), n, replace = TRUE, prob = c(0.7, 0.25, 0.05))
  pre <- pmin(40, pmax(0, round(12 + 3 * enrolled + 2 * fsm + rnorm(n, 0, 5))))
  post <- pmin(40, pmax(0, round(3 + 0.7 * pre - 2.5 * enrolled + 1.5 * fsm +
                                 2 * (sen != "N") + teacher_effect + rnorm(n, 0, 3.5))))
  data.frame(enrolled, pre, post, fsm, sen, year, key_teacher, stringsAsFactors = FALSE)
}

hedges <- function(b, se, df, sd_t, N, G, rho) {
  n <- N / G
  B <- ((N - 2) * (1 - rho)^2 + n * (N - 2 * n) * rho^2 + 2 * (N - 2 * n) * rho * (1 - rho)) /
    (2 * (N - 2) * ((N - 2) - 2 * (n - 1) * rho))
  J <- 1 - 3 / (4 * df - 1)
  g <- J * b / sd_t
  se_g <- J * sqrt((se / sd_t)^2 + (b / sd_t)^2 * B)
  list(g = g, g_low = g - qnorm(0.975) * se_g, g_high = g + qnorm(0.975) * se_g)
}

out <- list()

d <- make(8, 16, 20261207)
write.csv(d, "tests/lmm/data/progcompare_lmm.csv", row.names = FALSE, quote = FALSE)
f <- post ~ enrolled + pre + fsm + sen + year + (1 | key_teacher)
m <- lmer(f, data = d, REML = TRUE, control = lmerControl(optimizer = "bobyqa"))
m0 <- lmer(post ~ 1 + (1 | key_teacher), data = d, REML = TRUE)
l <- lme(post ~ enrolled + pre + fsm + sen + year, random = ~ 1 | key_teacher, data = d,
         method = "REML")
vc0 <- as.data.frame(VarCorr(m0))$vcov
b <- fixef(m)[["enrolled"]]
se <- sqrt(vcov(m)["enrolled", "enrolled"])
df <- summary(l)$tTable["enrolled", "DF"]
sd_t <- sqrt(sum(vc0))
rho <- vc0[1] / sum(vc0)
out$lmm <- c(list(n = nrow(d), groups = 8, estimate = b, se = se, df = df,
                  ci_low = b - qt(0.975, df) * se, ci_high = b + qt(0.975, df) * se,
                  total_sd = sd_t, icc = rho, loglik = as.numeric(logLik(m))),
             hedges(b, se, df, sd_t, nrow(d), 8, rho))

d <- make(3, 14, 7)
write.csv(d, "tests/lmm/data/progcompare_ols.csv", row.names = FALSE, quote = FALSE)
m <- lm(post ~ enrolled + pre + fsm + sen + year, data = d)
b <- coef(m)[["enrolled"]]
se <- sqrt(vcov(m)["enrolled", "enrolled"])
df <- df.residual(m)
sd_t <- sd(d$post)
out$ols <- c(list(n = nrow(d), groups = 3, estimate = b, se = se, df = df,
                  ci_low = b - qt(0.975, df) * se, ci_high = b + qt(0.975, df) * se,
                  total_sd = sd_t, icc = 0),
             hedges(b, se, df, sd_t, nrow(d), 3, 0))

writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE), "tests/lmm/progcompare.json")
