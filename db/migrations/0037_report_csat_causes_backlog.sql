CREATE TABLE "report_backlog_days" (
	"day" date NOT NULL,
	"opened" integer NOT NULL,
	"reopened" integer NOT NULL,
	"resolved" integer NOT NULL,
	"open_at_end" integer NOT NULL,
	"breached_at_end" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_csat_cause_days" (
	"day" date NOT NULL,
	"cause" varchar(16) NOT NULL,
	"sla_outcome" varchar(8) NOT NULL,
	"answers" integer NOT NULL,
	"score_sum" integer NOT NULL,
	"satisfied" integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX "report_backlog_days_day_idx" ON "report_backlog_days" USING btree ("day");--> statement-breakpoint
CREATE INDEX "report_csat_cause_days_day_idx" ON "report_csat_cause_days" USING btree ("day");