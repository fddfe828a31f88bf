CREATE TABLE "service_point_cache" (
	"carrier" "carrier" NOT NULL,
	"country" varchar(2) NOT NULL,
	"postal_code" varchar(16) NOT NULL,
	"points" jsonb NOT NULL,
	"demo" boolean DEFAULT false NOT NULL,
	"fetched_at" timestamp with time zone NOT NULL,
	CONSTRAINT "service_point_cache_carrier_country_postal_code_pk" PRIMARY KEY("carrier","country","postal_code")
);
