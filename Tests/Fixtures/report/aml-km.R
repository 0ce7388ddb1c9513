# Oracle for the Kaplan–Meier plot tests: R survival on the AML data (Miller 1981, `survival::aml`).
# Regenerate: Rscript Tests/Fixtures/report/aml-km.R  (from the repository root)
library(survival)
fit <- survfit(Surv(time, status) ~ x, data = aml, conf.type = "log-log")
s <- summary(fit, censored = TRUE)
km <- data.frame(stratum = sub("x=", "", as.character(s$strata)), time = s$time, n_risk = s$n.risk,
                 n_event = s$n.event, n_censor = s$n.censor, surv = round(s$surv, 6),
                 lower = round(s$lower, 6), upper = round(s$upper, 6))
write.csv(km, "Tests/Fixtures/report/aml-km.csv", row.names = FALSE, quote = FALSE, na = "NA")
times <- c(0, 12, 24, 36, 48, 60)
r <- summary(fit, times = times, extend = TRUE)
risk <- data.frame(stratum = sub("x=", "", as.character(r$strata)), time = r$time, n_risk = r$n.risk)
write.csv(risk, "Tests/Fixtures/report/aml-risk.csv", row.names = FALSE, quote = FALSE)
