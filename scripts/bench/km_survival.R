# Peer for `nadir bench km`: R survival on the same CSV, end to end (read, survfit, survdiff).
#   Rscript --vanilla scripts/bench/km_survival.R FILE.csv [base|data.table]
# Prints the log-rank chi-square and the per-arm medians so the bench can check agreement.
args <- commandArgs(trailingOnly = TRUE)
suppressMessages(library(survival))
reader <- if (length(args) > 1) args[2] else "base"
d <- if (reader == "data.table") data.table::fread(args[1], data.table = FALSE) else read.csv(args[1])
fit <- survfit(Surv(time, event) ~ arm, data = d, conf.type = "log-log")
sd <- survdiff(Surv(time, event) ~ arm, data = d)
tb <- summary(fit)$table
cat("chisq", sprintf("%.10g", sd$chisq), "\n")
cat("medians", sprintf("%.6g", tb[, "median"]), "\n")
