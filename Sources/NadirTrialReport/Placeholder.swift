// see TrialReportBuilder
