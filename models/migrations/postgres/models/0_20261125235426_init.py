from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "login_failures" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "key" VARCHAR(300) NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL
);
CREATE INDEX IF NOT EXISTS "idx_login_failu_key_825c16" ON "login_failures" ("key", "created_at");
COMMENT ON TABLE "login_failures" IS 'One failed login, keyed by ``email:<address>`` or ``ip:<address>``, for rate limiting.';
CREATE TABLE IF NOT EXISTS "organizations" (
    "id" UUID NOT NULL PRIMARY KEY,
    "name" VARCHAR(255) NOT NULL,
    "type" VARCHAR(3) NOT NULL,
    "external_id" VARCHAR(255),
    "created_at" TIMESTAMPTZ NOT NULL,
    "archived_at" TIMESTAMPTZ
);
COMMENT ON COLUMN "organizations"."type" IS 'SCO: SCO\nSUP: SUP\nPRO: PRO';
CREATE TABLE IF NOT EXISTS "users" (
    "id" UUID NOT NULL PRIMARY KEY,
    "email" VARCHAR(255) NOT NULL UNIQUE,
    "password_hash" VARCHAR(255) NOT NULL,
    "first_name" VARCHAR(255) NOT NULL,
    "last_name" VARCHAR(255) NOT NULL,
    "platform_terms_accepted_at" TIMESTAMPTZ NOT NULL,
    "has_seen_assessment_instructions" BOOL NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE "users" IS 'A personal account: a teacher, an organization admin or a pupil.';
CREATE TABLE IF NOT EXISTS "api_tokens" (
    "id" UUID NOT NULL PRIMARY KEY,
    "name" VARCHAR(100) NOT NULL,
    "token_hash" VARCHAR(64) NOT NULL UNIQUE,
    "prefix" VARCHAR(16) NOT NULL,
    "scope" VARCHAR(20) NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "expires_at" TIMESTAMPTZ,
    "revoked_at" TIMESTAMPTZ,
    "last_used_at" TIMESTAMPTZ,
    "created_by_id" UUID REFERENCES "users" ("id") ON DELETE SET NULL,
    "organization_id" UUID NOT NULL REFERENCES "organizations" ("id") ON DELETE CASCADE
);
COMMENT ON TABLE "api_tokens" IS 'A read-only token a third party uses to read one organization''s data.';
CREATE TABLE IF NOT EXISTS "memberships" (
    "id" UUID NOT NULL PRIMARY KEY,
    "role" VARCHAR(6) NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "disabled_at" TIMESTAMPTZ,
    "organization_id" UUID NOT NULL REFERENCES "organizations" ("id") ON DELETE CASCADE,
    "updated_by_id" UUID REFERENCES "users" ("id") ON DELETE SET NULL,
    "user_id" UUID NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_memberships_organiz_5e1ecd" UNIQUE ("organization_id", "user_id")
);
COMMENT ON COLUMN "memberships"."role" IS 'ADMIN: ADMIN\nMEMBER: MEMBER';
COMMENT ON TABLE "memberships" IS 'A user''s role in an organization. Removal is soft (``disabled_at``).';
CREATE TABLE IF NOT EXISTS "password_reset_tokens" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "token_hash" VARCHAR(64) NOT NULL UNIQUE,
    "created_at" TIMESTAMPTZ NOT NULL,
    "expires_at" TIMESTAMPTZ NOT NULL,
    "used_at" TIMESTAMPTZ,
    "user_id" UUID NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE
);
COMMENT ON TABLE "password_reset_tokens" IS 'A single-use, expiring password reset token (hash only).';
CREATE TABLE IF NOT EXISTS "saved_tutorials" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "tutorial_id" VARCHAR(64) NOT NULL,
    "skill_id" VARCHAR(64),
    "created_at" TIMESTAMPTZ NOT NULL,
    "user_id" UUID NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_saved_tutor_user_id_1be444" UNIQUE ("user_id", "tutorial_id")
);
COMMENT ON TABLE "saved_tutorials" IS '« Mes tutos »: a tutorial a pupil bookmarked.';
CREATE TABLE IF NOT EXISTS "sessions" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "token_hash" VARCHAR(64) NOT NULL UNIQUE,
    "created_at" TIMESTAMPTZ NOT NULL,
    "expires_at" TIMESTAMPTZ NOT NULL,
    "user_id" UUID NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_sessions_expires_6bcc94" ON "sessions" ("expires_at");
COMMENT ON TABLE "sessions" IS 'A logged-in session. Only the SHA-256 of the opaque token is stored.';
CREATE TABLE IF NOT EXISTS "target_profiles" (
    "id" UUID NOT NULL PRIMARY KEY,
    "name" VARCHAR(255) NOT NULL,
    "description" TEXT,
    "tubes" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "outdated" BOOL NOT NULL,
    "created_by_id" UUID REFERENCES "users" ("id") ON DELETE SET NULL,
    "organization_id" UUID NOT NULL REFERENCES "organizations" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_target_prof_organiz_60d2eb" ON "target_profiles" ("organization_id", "name");
COMMENT ON TABLE "target_profiles" IS 'A custom target profile (\"profil-cible\") owned by one organization.';
CREATE TABLE IF NOT EXISTS "campaigns" (
    "id" UUID NOT NULL PRIMARY KEY,
    "name" VARCHAR(255) NOT NULL,
    "code" VARCHAR(9) NOT NULL UNIQUE,
    "type" VARCHAR(32) NOT NULL,
    "title" VARCHAR(50),
    "landing_text" TEXT,
    "external_id_label" VARCHAR(255),
    "builtin_target_profile_id" VARCHAR(64),
    "target_profile_name" VARCHAR(255) NOT NULL,
    "skill_ids" JSONB NOT NULL,
    "content_release" VARCHAR(64) NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "archived_at" TIMESTAMPTZ,
    "archived_by_id" UUID REFERENCES "users" ("id") ON DELETE SET NULL,
    "creator_id" UUID NOT NULL REFERENCES "users" ("id") ON DELETE RESTRICT,
    "organization_id" UUID NOT NULL REFERENCES "organizations" ("id") ON DELETE CASCADE,
    "owner_id" UUID NOT NULL REFERENCES "users" ("id") ON DELETE RESTRICT,
    "target_profile_id" UUID REFERENCES "target_profiles" ("id") ON DELETE RESTRICT
);
CREATE INDEX IF NOT EXISTS "idx_campaigns_organiz_03fbea" ON "campaigns" ("organization_id", "name");
CREATE INDEX IF NOT EXISTS "idx_campaigns_organiz_34a18c" ON "campaigns" ("organization_id", "created_at");
CREATE TABLE IF NOT EXISTS "participations" (
    "id" UUID NOT NULL PRIMARY KEY,
    "external_id" VARCHAR(255),
    "status" VARCHAR(8) NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "shared_at" TIMESTAMPTZ,
    "tested_skills_count" INT NOT NULL,
    "validated_skills_count" INT,
    "mastery_rate" DOUBLE PRECISION,
    "pix_score" INT,
    "deleted_at" TIMESTAMPTZ,
    "campaign_id" UUID NOT NULL REFERENCES "campaigns" ("id") ON DELETE CASCADE,
    "user_id" UUID NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_participati_campaig_88193d" UNIQUE ("campaign_id", "user_id")
);
CREATE INDEX IF NOT EXISTS "idx_participati_campaig_27e234" ON "participations" ("campaign_id", "status");
COMMENT ON COLUMN "participations"."status" IS 'STARTED: STARTED\nTO_SHARE: TO_SHARE\nSHARED: SHARED';
COMMENT ON TABLE "participations" IS 'A pupil''s participation in a campaign (STARTED -> TO_SHARE -> SHARED).';
CREATE TABLE IF NOT EXISTS "assessments" (
    "id" UUID NOT NULL PRIMARY KEY,
    "state" VARCHAR(10) NOT NULL,
    "locale" VARCHAR(10) NOT NULL,
    "last_challenge_id" VARCHAR(64),
    "last_question_state" VARCHAR(10),
    "last_question_date" TIMESTAMPTZ,
    "answers_count" INT NOT NULL,
    "checkpoint_seen_count" INT NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "participation_id" UUID NOT NULL REFERENCES "participations" ("id") ON DELETE CASCADE,
    "user_id" UUID NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE
);
COMMENT ON COLUMN "assessments"."state" IS 'STARTED: started\nCOMPLETED: completed\nABORTED: aborted';
CREATE TABLE IF NOT EXISTS "answers" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "challenge_id" VARCHAR(64) NOT NULL,
    "value" TEXT NOT NULL,
    "result" VARCHAR(10) NOT NULL,
    "result_details" JSONB,
    "timeout" INT,
    "time_spent" INT NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "assessment_id" UUID NOT NULL REFERENCES "assessments" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_answers_assessm_55a8df" UNIQUE ("assessment_id", "challenge_id")
);
COMMENT ON COLUMN "answers"."result" IS 'OK: ok\nKO: ko\nABAND: aband\nTIMEDOUT: timedout';
CREATE TABLE IF NOT EXISTS "challenge_reports" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "challenge_id" VARCHAR(64) NOT NULL,
    "category" VARCHAR(64) NOT NULL,
    "content" TEXT NOT NULL,
    "answer" TEXT,
    "created_at" TIMESTAMPTZ NOT NULL,
    "assessment_id" UUID REFERENCES "assessments" ("id") ON DELETE SET NULL,
    "user_id" UUID NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE
);
COMMENT ON TABLE "challenge_reports" IS '« Signaler un problème » on a challenge.';
CREATE TABLE IF NOT EXISTS "knowledge_elements" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "skill_id" VARCHAR(64) NOT NULL,
    "competence_id" VARCHAR(64) NOT NULL,
    "status" VARCHAR(11) NOT NULL,
    "source" VARCHAR(8) NOT NULL,
    "earned_pix" DOUBLE PRECISION NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "answer_id" BIGINT REFERENCES "answers" ("id") ON DELETE SET NULL,
    "assessment_id" UUID REFERENCES "assessments" ("id") ON DELETE SET NULL,
    "user_id" UUID NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_knowledge_e_user_id_1ab78c" ON "knowledge_elements" ("user_id", "skill_id", "created_at");
COMMENT ON COLUMN "knowledge_elements"."status" IS 'VALIDATED: validated\nINVALIDATED: invalidated\nRESET: reset';
COMMENT ON COLUMN "knowledge_elements"."source" IS 'DIRECT: direct\nINFERRED: inferred';
CREATE TABLE IF NOT EXISTS "knowledge_element_snapshots" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "snapped_at" TIMESTAMPTZ NOT NULL,
    "snapshot" JSONB NOT NULL,
    "user_id" UUID NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE,
    "participation_id" UUID NOT NULL UNIQUE REFERENCES "participations" ("id") ON DELETE CASCADE
);
COMMENT ON TABLE "knowledge_element_snapshots" IS 'The pupil''s knowledge elements frozen when they sent their results.';
CREATE TABLE IF NOT EXISTS "terms_acceptances" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "version" VARCHAR(32) NOT NULL,
    "accepted_at" TIMESTAMPTZ NOT NULL,
    "user_id" UUID NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_terms_accep_user_id_6da91a" UNIQUE ("user_id", "version")
);
COMMENT ON TABLE "terms_acceptances" IS 'A user accepted a given version of the Orga terms of use.';
CREATE TABLE IF NOT EXISTS "aerich" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "version" VARCHAR(255) NOT NULL,
    "app" VARCHAR(100) NOT NULL,
    "content" JSONB NOT NULL
);"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        """


MODELS_STATE = (
    "eJztXelz4jgW/1dUfJl0VdKbkKPT2ampIgk9w3YSUkB2p7aZcoQRwYWxPD5yzGz/7yvJBz"
    "5kYxtDbLe+dBNZT+Dfk57epae/W0s8Rar5saOZL8hoXYC/WxpcIvIh8mQftKCur9ppgwUn"
    "KusKWR/WBiemZUDZIs0zqJqINE2RKRuKbilYI62araq0Ecuko6I9rZpsTfnTRpKFn5A1Zz"
    "/m27cWNE1kmkukWXR0eQ5VFWlPSFKmrT/+IC2KNkWvyKSd6Z/6QpopSJ2G3oT0JY9Yu2S9"
    "6aztUnnqadYX1pf+nIkkY9Veaqv++ps1x5pPoDi/4AlpyIAWot9gGTZ9P/rzXSS8V3ZeZd"
    "XF+ZUBmimaQVu1AnhMpFVbS5Lu+iNp2B1JUisHgjLWKPrkp5oMgCf6Ew4+t9vHx5/ah8dn"
    "56cnnz6dnh+ek77s98Yfffru/JgVWs5QDLPer727Ef1BmLDYYT1t+M5ooAUdKsaMFfohns"
    "X4cDWHBp8LUboIP8iLRvnhoZ/GEK9hxZHVNN0FS5bwVaJvZc3Jn2cnKWj/uzO4+q0z2Ds7"
    "+RCG/M590maPKPgrsJ+hSl4zhvIIvSbMdZ+gEfCmwDnq/s6m7tI0/1SDMO7ddn5nCC/f3C"
    "c3/btfve4B2K9u+pcRuA1k0t/PndVdzV4yzHvkJ0JNRjHsV9RVBr/V/3oB8GKsfe1fgAUe"
    "a53Lzt31BYATqE3H2qh3273uP4yIaFOWaIpt9kJ5V8LRYYaVcHSYuBLoIx5ryFtaUHG2qz"
    "CL/jXs3/GXRJwywp6pIlvgf0BVzNiWwGGTK/FrsEQoJOlLJLoaKDbYtJ4MNgobILpE6Kxw"
    "J0WYAYnbb4Bi/R5cfcDdXbh9dPLp5Pz47MTffP2WtD3X21/DgEqm7mpEOTBdERWCtZC4Oa"
    "wJqLKB6JtLkAPqNXlC8UtQU0KUUUnhkn70PlRHrGeHmrzgtK+pb+7SSttjyV4wHHVu70NS"
    "5Loz6tIn7dAm67XunUUkiz8I+E9v9Bugf4L/9u+6UWHj9xv9t0V/E7QtLGn4RYLTgKLttX"
    "qohbi+Mi64uunDQ++az/QYYYTvtq1MP1LyGvI7hb9sLzh2GBZkBXvT79+pATZbcI2AsBkX"
    "hvkLNpDypH1FbzF1KQKrZ5KGBqsnvKvW1Vw14ItvvcanGMGBvD2yHAWzM7zqXHdbDPMJlB"
    "cv0JhKCeAvyPxX0ZRYUoSejshRhy7dMb58HSAVspdKxP+rN17XGa5+e3ISExicuI0DMIYA"
    "jj9atpfRFqjBJ/ZK9LvpN3nTVldGeIG0Fs/L4j3bT/Wz6Ipk0W7ZXC2tDqCy+wAT4Q0YHY"
    "DAmivGFOjQsN6ATaYYecB6AawhgI0nqCl/Mf7/ZAJq03+MqvPljcpx+Gzi0kkW1+XL6PV+"
    "ndbPM1uT6SsD9k30n5NfWpUT2vsprhv2fwznZJeN17/K5mxBV83RYTYLNc1EjdmobPVIc2"
    "jO86AcpioH6/f1U27ZKaYbaKa85oF4RdHEqXyWZSZH1fLARD6LAmzKWM8lKHyC3cHLzJht"
    "id8wwO0soqKdLCnaMUEhzNNk6JtrnqJXXSGjFeB6mLIErldTf686kz1MUrlsoGeyoRdZ22"
    "FKweUqc1mFpiURy6gIn6O0gtNV5rS3407ecjoVY4QbGKz14e9a83SFbNCPkBNbDqlw2aa7"
    "bIOQleC07UeGqyfEa922nInGd9zyRUYJQD+YKIsRVU0JsRbfmJAMoUt+Bbh7uLlJ84tv1c"
    "W7ikzwnLyhuEWKm9fvt4WUOuFhrZKHlSxmK8Fzsj5/yCfeoReFfKdBh8yHcosoVYNR9/oC"
    "uPRj7ap/e3/TZW0yXup0BU9pblHf6Qcn2P+ed88lUrEM1VwOrhXFDnkzMw5mxm5cXFvAmB"
    "o5RXNFucSFkK/Ytrht1zgDjrypyfSVFGmUgnucvHnIb2m++9BNucBncAvERhDOgSo7B9yT"
    "EoSLdq78vRidSOGLpfDNkbzQMRleMhHSckOcSC+gFtmSIhxFINanBbkephRcrwrXOVuW++"
    "sDyRPEXlNkRS/ideXRCrdrRJjaJjJy4hogEXCme7FDU7AE7+p9dLx6grzWz8pbuusd2bbr"
    "e96NC7uu2AaWb/Gk7sCZ6+KZ3KvD3Q2BOmIReA4hA+nY2DTt/cobbsBGq60hnQ6aOCxQic"
    "MCV3CpQyI0W5w4kv9sPy2KJLu9th9D+haLFbMfTHrFnwQMwD9E7Elk91fDvds+Pc2Ssnt6"
    "mpyzS59FvCRkTebB1+vfuIz+zxmw/ZyI7OfYqYm3fMnmXv8dRuI6w2F3OLztOtVSto/wcT"
    "sDxMftRIzpo+gpcytfxNMnaF7w5zRL8Oc0Ofhzygn+aFPy/ZKFXjnOtORqLVG6JmC965ot"
    "BDpkaFAlFphEIEFqnlnOJW4CF3awH05sRbUUghM0iCop6QaeKWreSH/qIM1jRPkR/whweZ"
    "XABHKhE2ZbA+ZCUanwyFWQKES0US2iqiG+62JE5OstWlHBQCqCZk7tPEbawElfvrwRseJk"
    "6OsZNcxUWceQ58pzIbZHSEU+U3WCwyl8zn3aKU4pjjtxJCfOGxsOU4nwsDhDtlN4X7Tc2Q"
    "xBGgFourmWD9ksRvIPKWbFsccqHHsMT88SwB6xAe9X49VyPq8Fm7usQ3APiGI36F2NWnHh"
    "XALMDU/PCe5HGVB1FS6Ba6ajuzgHsgETYXfo1lQmxM2p3AejE5ImN8z/aWrC5HazfyKpZr"
    "wkoHg2WkouEC8Tbn390LF9eAgnYEjWGVSRAWwNkE1notJ2dL5EgH6YTACmJUD974hXDN1g"
    "nJJPsItrX+gzce1L05zsBIonbHC2yRSgAzQC5CwgOxGgOMbJ+RoBkkZAvOtcDejnp2dFfE"
    "XRhGSAXeMtgnXJ0qXBwboqXINRn5UnzvZVxFUrTpuVctqMLwpKADbXPS3VXP8bXtPy3vXo"
    "YoevOI4E3gGtZE8C/3jYlo8XeQvdS4SjnwsfJBIugF25AILsymqVBmkaYTJt3ypd6kTaEE"
    "Gc19ESJRRwZ4Cb1jizOS7x7BUbbV4ab6XAJsjc9Khhcn0BnqGqsOItY613F2hXtMCTQZeM"
    "dAGI4oaK3f56lKW62lFydbWjGJuwbcjFC2v61JVm03Vv0L0iuE8VA8kWZdCX7mDgcGeGDK"
    "NY+czzDLw4T2TFeZQTCBoa2aZ13gU8X1QME3biMFmEDTNKty1GbKsIVwqs1/2Hy5suuCfs"
    "7A17bt677yFgD5n686eqePHSzo1w3QjXjevu5O78aXpuiKxBlyzvROEVjjPhOKsBnMJxJh"
    "xnFUY3q+MsSzgwP8BZ617VFdzg/l5pj+RQg7o5x5k8k37f/VweSsl06TJmPY3mCOi2rqg/"
    "mcAfDHjuTjAz8F9IAy9z8o81R2/AJM30k2JQC5jw24xnQJU0psiGqrRmmOIKJVNQL2SdhS"
    "kbaJ3VxBrzMEk1x8yAhAozOeV0f4BGHO7f4HC/sBlKNcGqXPj5XXcUYZJV1yTLo9RmLhLd"
    "19AIk38y8mDjEw9VmN0lFoguz3i4wU+K9gUqqm2gFsdgCD1PNRJU2lOaOV0z2gVkBgBKga"
    "aAke+DBXojf0zewOMjWpInFz8TXYGMZ/7y+AiwQZoVPdi2D2aklU4FsqcvFYvwIW4qbOdr"
    "xtqYiBHdAgqzMADVVCfQRLQbsSRIG9ToM93AMhkFLNESG8QOwaw3GwbMMWESgLKBSYcXbC"
    "yQkdUs+dYiL0G7irSNytsqLqey5hG43ascKS2YPXB8mKXwI+mVXFfzMFb6UcTpktFvVpwu"
    "pu29j8ftFi0nRFDPFZ23ZQaepm6YS79fxt2yA6iy9pMJDKwiurOQ/SVYJeAjGJAt5hmqQD"
    "HJNjOzwN7j41Qx6RfSOf74+CG+N5Y1KGfDipcqZyr5H5v410TN8rJrllO+8zen9Vk9Hu0O"
    "60Dfdm8vu4OcELc617e9uwvA/htrzhgXIDBW3iy4LElwyTlwYgf7UXcwcftbk7nO8WjHbo"
    "MJ7J152R4hFXUcq8Pm+OoWZfG2m87kisDcVTJjhCJRTAR9dheVEMXwdlYMTwSASs/JWwnP"
    "3QFbTSG7HtfoPlOppLGQ3OA4saJyJdmNFVya2z+5KpxF7+osEhfcbfcyEwYQF9/1zjiPts"
    "pYt4ZX/QtA/hlrw4d78unhfqzdD0gb+aeII+44SzgpOZgUO1q3uowqzzSPkDWhTtIubnMU"
    "Xs+G+b/EPSY/tv8rR3w2MCF0hWh8C7RpWdyOrozoMDVc7kk2RVhcBm+fLg5T8KrrJsIUCa"
    "sXByocx28iVOGq9xvClfemgNogtk0zPJzYyrHDY5mvyYZ4vMR4lpQS7whViJrlgQBP4IA9"
    "shcMRt1rcPALGPWlIVHouvQz+3DNTSopa1huWokcEGHclJJwF7dETL7kSOE7KNt3IGyrXd"
    "6KWruiSi1XGuSc1B7ZBXA/jDVPllz4UmWsOTLlwpUtRTwNJRfxEcZvMu7NNX5NsvyKnVkN"
    "EgrDt2qGb0irRiZdnqzsoklYaPMKWCQevEigLlRRqNDC3laxLvckRvvo5NPJ+fHZiX8Aw2"
    "9JO3cRrxTkF8srinTyAA0q31Qa3EtI5qXxJlEEOLHf5LJzUcKChecqBm8KdmWUntOVV8mU"
    "scGBOnE+h2jEFI5PYSf6XijxMkQptt8qb7+e5Z/3kucwmUhjE1mBO8wKDLqrNsyqaqB/fz"
    "967WV4rYpMwHcvBcGr2rdpOC9Pxb66QJ4vmJClCpIHqVdRYz2waTXgaqm28FHOFYUxzRds"
    "TAe02roTQ+aGYmK99tPjMU5/iRVxD4S4s4RlTPLeKjqw6VP0qisUB+CN6JSFB2xEsDeH5h"
    "xgTX3jBmKKDyQq49W02gRjp0S5mSfOEqYqx+//vszY9jUhwoP/A3rwmQxFZgGuhykbyPWa"
    "cDmTF4Hsl4UOZpvCS1QX/gp3xhqmitKLlbW3t5mTNoTPaDoii8dQoNriGELhDvtpNpBJu0"
    "qW2zej9TO2Dw/hBNwiE1BKE9CGyeQCQOCNRD6yDDMwwXixhMYCTePGzwbjcNPOvFntEVPe"
    "bVTMSJhEOzOJAiyLsSHFJgqTVflkVWXMone5orJimpIwPYXpmU9pzVQvSuisQmcVOitXZ0"
    "WmmXCCwnuUrqc6nTK751X8RH7HgaIBl/IjoDKHVXYe/tY5aJ+eATxjf2IdEg67PnZaQ5Oo"
    "FDxttaxBhdu+rjqqcNsL3UnoTsJtX5m7V6rEZOHVFRpyFSCtq4YcPp7N0ZNj57eTtWXOuf"
    "EsSrNsEzV1CRxq4FKDvXHL+XggK2T8cesDwC+aczsL1lC4GD1Hay5hVHqTy6WtqNaBc10L"
    "eyuwR/vpyAAyXuqEiWRS74Nx64Y8OjpjjdSfjD6zJyb9BlV5Rt5tMCqChkZzbciEIT2ssb"
    "b3+Ei0GkVD/3h8/LAPNGwBop+jfwaPRBtohgyT6PUAKewSmQWZ7ZkvhInWlmQcFseed5Eo"
    "LUqmZVDmt3LSOfjLYjCP0GuC7Roha4LXOU2T6/4+CilxsdshfUXupn/3q9c9emVkpFidPe"
    "EVDUm+l9MnEJdybnAppzBgk8VNcw1YbFvssCrHQ4cxUTY0PsuDZBGGTwjdtnjst+x2vV32"
    "+zchfl72onLsgV75snfEGLk6ghk/LOitldz15WOEor58GFlxMcIujXZRb76IEV+o3vxq5e"
    "/OS1JNCbH+BF9USOYujv6edRFrAvpWK9eNkLE0O7KMdGci8zxKkS77qT4l2lmCfu9cdyIC"
    "hw5NAQRPyjPSwDMyaATVi5dSsQXYV9AWQpJ0EWLBkVLzBd0RRK5gPeKwHrtiLEj22QRIGu"
    "i2OW5n8Noct5OrrLejPhtvkRWpAR0mFUZsnYxYEZ8T8bn3Vj0rGp9jqHOUKI8byZoTfaHs"
    "5X5JX6zRgw8yK3fGDkMgKBOlZT969TOA06VCm7xTEtxCvxsPKC79qYBYSVOI0BIqah51yC"
    "doXDraViJYfqGIvLl/McIGKp9bQXymGKYl5Y3MhqkE1tmwVmEBqENEAumMckSF1gwbSyno"
    "SylkZKWP1ECbqyY2VqYkSLIZSCZCmrQqxSUp9G1t2b8ZIkcEMctwIrJYILIo4vc/lOvDvQ"
    "62QE2REKXgelW4zhHGftQl9yVo/tLe/WVodYlmhRzIospkZqi8SxNFnDQLXN5CFLftZYKL"
    "JdULsDLOrTlUqQmIJAPp2NhUdl15ww3YaE1FbeHVq5WQU7B2Q9ii9W9/GNwkr4pwyQDmKC"
    "BcSyA9Bfx9bhat4yYq7mDNDFX81s7iaMUuC20mYAlltTfBjVfZu4ngcerxFYctVgewkYgF"
    "KsNsANWqCE0TQfKMpne9ULqOGyU363UDyOIZt02ZbtvMvekgQ5FpWC6WfeM+2U/Lv4GrPu"
    "sScJJhKDkJ5kdJFd7wbjiRBPy+EWu6qHIg7HZvILpHh4cZ0CW9EtFlzyKBRqfyRBzh5BPa"
    "ARJxRjvnGe0ccZ/yN7Pv/wckgWQf"
)
