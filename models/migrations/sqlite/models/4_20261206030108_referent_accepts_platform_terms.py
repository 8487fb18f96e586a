from tortoise import BaseDBAsyncClient

# SQLite cannot drop a NOT NULL in place, and aerich does not generate it: the table is rebuilt
# as SQLite's documentation says (foreign keys off, copy, drop, rename, in one transaction of
# its own), so the rows that reference users stay as they are.
RUN_IN_TRANSACTION = False


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        PRAGMA foreign_keys = OFF;
        BEGIN;
        CREATE TABLE "users_rebuilt" (
            "id" CHAR(36) NOT NULL PRIMARY KEY,
            "email" VARCHAR(255) NOT NULL UNIQUE,
            "password_hash" VARCHAR(255) NOT NULL,
            "first_name" VARCHAR(255) NOT NULL,
            "last_name" VARCHAR(255) NOT NULL,
            "platform_terms_accepted_at" TIMESTAMP,
            "has_seen_assessment_instructions" INT NOT NULL,
            "created_at" TIMESTAMP NOT NULL,
            "updated_at" TIMESTAMP NOT NULL
        ) /* A personal account: a teacher, an organization admin or a pupil. */;
        INSERT INTO "users_rebuilt" SELECT "id", "email", "password_hash", "first_name",
            "last_name", "platform_terms_accepted_at", "has_seen_assessment_instructions",
            "created_at", "updated_at" FROM "users";
        DROP TABLE "users";
        ALTER TABLE "users_rebuilt" RENAME TO "users";
        COMMIT;
        PRAGMA foreign_keys = ON;"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        PRAGMA foreign_keys = OFF;
        BEGIN;
        CREATE TABLE "users_rebuilt" (
            "id" CHAR(36) NOT NULL PRIMARY KEY,
            "email" VARCHAR(255) NOT NULL UNIQUE,
            "password_hash" VARCHAR(255) NOT NULL,
            "first_name" VARCHAR(255) NOT NULL,
            "last_name" VARCHAR(255) NOT NULL,
            "platform_terms_accepted_at" TIMESTAMP NOT NULL,
            "has_seen_assessment_instructions" INT NOT NULL,
            "created_at" TIMESTAMP NOT NULL,
            "updated_at" TIMESTAMP NOT NULL
        ) /* A personal account: a teacher, an organization admin or a pupil. */;
        INSERT INTO "users_rebuilt" SELECT "id", "email", "password_hash", "first_name",
            "last_name", COALESCE("platform_terms_accepted_at", "created_at"), "has_seen_assessment_instructions",
            "created_at", "updated_at" FROM "users";
        DROP TABLE "users";
        ALTER TABLE "users_rebuilt" RENAME TO "users";
        COMMIT;
        PRAGMA foreign_keys = ON;"""


MODELS_STATE = (
    "eJztXelz4jgW/1dUfJl0VdKbkKPT2ampIgk9k+0kpIDsTm0z5Qgjggtje3zkmNn+31eSD2"
    "xLNrYBY7v1pZvIegL/no536b2/Wwt9glTrY0ezXpHZugB/tzS4QPhD7Mk+aEHDWLaTBhuO"
    "VdoV0j60DY4t24SyjZunULUQbpogSzYVw1Z0DbdqjqqSRl3GHRXtednkaMqfDpJs/RnZM/"
    "pjvn1rQctClrVAmk1Gl2dQVZH2jCRl0vrjD9yiaBP0hizSmfxpzKWpgtRJ5E1wX/yItkv2"
    "u0HbLpXnG83+QvuSnzOWZF11Ftqyv/Fuz3QtIFDcX/CMNGRCG5FvsE2HvB/5+R4S/iu7r7"
    "Ls4v7KEM0ETaGj2iE8xtKyrSVJ972hNOgOJamVA0FZ1wj6+KdaFIBn8hMOPrfbx8ef2ofH"
    "Z+enJ58+nZ4fnuO+9Peyjz59d3/MEi13KIrZza8390Pyg3TMYpf1pOE7pYE2dKkoM5boR3"
    "jG8OFqBk0+F+J0MX7gF43zw0c/jSF+w5Ijy2laBksW8E0ib2XP8J9nJylo/7vTv/qt0987"
    "O/kQhfzee9Kmjwj4S7BfoIpfk0F5iN4S5npA0Ah4U+Acdn+nU3dhWX+qYRj37jq/U4QX79"
    "6T2979r373EOxXt73LGNwmssjv587qruYsKOY3+CdCTUYM9kvqKoPf6n29APp8pH3tXYC5"
    "PtI6l5376wsAx1CbjLThzV33uvc4xFubskAT3aEvlHclHB1mWAlHh4krgTzisQa/pQ0V97"
    "iKsuhfg949f0mwlDH2TBTZBv8DqmIxRwKHTd6OX4MlQiBJXyLx1UCw0S372aSj0AHiS4TM"
    "Cm9SRBmQePyGKFafwdUH3DuF20cnn07Oj89OgsM3aEk7c/3zNQqoZBmeRJQD0yVRIVgLbT"
    "eHNQFVNhF5cwlyQL3GTwh+CWJKhDK+U3ikH/0P1dnWs0ONX3DS09R3b2mlnbH4LBgMO3cP"
    "kV3kujPskiftyCHrt+6dxXaWYBDwn5vhb4D8Cf7bu+/GN5ug3/C/LfKboGPrkqa/SnASEr"
    "T9Vh+1CNeXygVXNn18vLnmM50hjPHdcZTJR0JeQ36n8JeeBccuw8KsoG/6/TtRwKZzrhIQ"
    "VeOiMH/RTaQ8a1/ROyMuxWD1VdLIYPWEd9m6nKsmfA20V3aKYRzw2yPbFTA7g6vOdbdFMR"
    "9Def4KzYmUAP4cz38VTbAmhenJiBxx6NIb48vXPlIhfalE/L/643Xd4ep3JicxgcKpt/UQ"
    "jBGA2UeL9iLeAjX4TF+JfDf5Jn/aGspQnyOtxbOy+M/2U+0shiLZpFs2U0urA8jefaDjzR"
    "tQOgCBPVPMCTCgab8DB08x/ID2ArqGgG4+Q035i/L/JwsQnf5jXJzf3Kgcg886Jp3k7Xrz"
    "e/Rqu07r56mjyeSVAf0m8s/JL63Kbdr7KaYb+j+Dc7LJxu9fZXW2oKnm6DCbhpqmojI6Kl"
    "090gxaszwoR6k2g/Vu7ZRbNooZJpoqb3kgXlI0cSqfZZnJcbE8NJHP4gBbsm7k2igCgvLg"
    "pWrMtrbfKMDtLFtFO3mnaDMbhVBPk6FvrnqK3gwFj1aA61HKDXC9mvJ71ZnsY5LKZRO94A"
    "O9yNqOUgouV5nLKrRsCWtGRfgcpxWcrjKn/RN3/J7TqMgQrqGw1oe/K9XTJbJhO0JObDmk"
    "wmSbbrINQ7YBo20vNlw9IV5ptuVMNL7hlr9lbADoRwtlUaKquUOsxJfZJCPo4l8B7h9vb9"
    "Ps4ls18S49Ezwjb8RvkWLmDfptIaROWFirZGHFi9lOsJysjh8KiEu0ouDvNMmQ+VBuYaGq"
    "P+xeXwCPfqRd9e4ebru0TdYXBlnBExJb1HP7wbEefM/OY4lUXYZqLgPXkqJE3kzNg6lZjo"
    "lrCxgTJadorCiXuBDyFTsWt20ap8DhN7WovJKyG6XgzpI3D/ktzfcAugkX+AxmAWYEYRyo"
    "snHAuymBuejkit9j6EQIHxPCN0Py3NDx8JKFkJYb4kR6AbWIlhTuKAyxMSnI9Sil4HpVuM"
    "45srxfHwqewPqaIitGEasrj1aYXWObqWMhMyeuIRIBZ7oVOzIFN2BdfYiPV0+QV9pZeUt3"
    "tSHb8WzP5Ziw64ptaPkWD+oO3bkuHsm9vNzdEKhjGoFvEDKRoZvrhr1f+cP16Wi1VaTTQR"
    "OXBSpxWeAKLgyIN80Wx48UPNtP8yLJXq/t+5C+Mb5iC68Pif5q3JV9HNIC/xAOKBHiXw0b"
    "b/v0NEvc7ulpcuAueRYLjQ5WQg6QI0QlOpDK8R1tBWcZb4B5IPb7N+76xOcM2H5ORPYzc0"
    "XlPV9kv9+/xFnbGQy6g8Fd101Ns32Ej9sZID5uJ2JMHsWv9Nv53MsBQfM8badZPG2nyZ62"
    "U46nTZvg75ds9MaxXCanxonTNQHrshPkYOiQqUEVq7sShgSpeWY5l7gJXCjhPBw7imorGC"
    "doYrldMkx9qqh5wypSB2keIzYfXhEDLq8cmEAuZO+MsvdcUcnmkSv7U4RorcRPVUO87MxP"
    "+Ottkr7CRCqCVk7pnCFt4KTf/H4jHPPJ0NfTRZspjZEpz5SXQmyPkYrgsep44lP4nPtqGU"
    "sp7pZxdk49ryM+SiV88eLCXqnwvmq5Q0fCNALQdHUtH7JZlOQfcpsVd0yrcMc0Oj03APaQ"
    "DviwHK+W83kl2NxlHYG7jwW7/s3VsMVuzhuAueGxUOHzKAOqnsAlcM10T1rPgWxIRSgP3Z"
    "ruCaw6lfsWekKE6prBVk2NTt1uqFUsro8XccWG/qUEXvHCDlcnax05h4dwDAZ4nUEVmcDR"
    "AD50xippR+cLBMiH8RjoJN9q8B1setY1xtlwugBRY4c8EzV2mmZkx1A86ybnmEwBOkQjQM"
    "4CsusBYjFOjtcIkTQC4rJjNWBwGSAr4kuKJgQDlI23cNYl7y4NdtZVoeZIfVaeuEhZEVOt"
    "uNq3kat9/K1gA8DmKopTzfW/Zk2cXSf/Y266cQwJvNtwyZYE/l28Ld/l8he6HwhHPhe+sC"
    "VMAGWZAMLsynzPKETTCJVp+1rpwsC7Dd6I8xpa4oQC7gxwk4RyDscknj09psML460U2BiZ"
    "2xuimFxfgBeoKjRTzki7uQ+1K1roSb+LR7oAWHBDxUrtHmVJZXeUnMruiL3j6Jhy8SymAX"
    "Wl2XR90+9eYdwniolkmzDoS7ffd7kzRaZZLFfpeQZenCey4jzOCQRNDR/TBq/a0RdVhwkn"
    "cZQsxoYpodsWI7aV8SwF1uve4+VtFzxgdt4Mbry498BCQB9S8edPVfH9pZ1bYboRphvP3M"
    "k9+dPk3AhZgypalyLwCsOZMJzVAE5hOBOGswqjm9VwlsUdmB/grEnG6gpu+HyvtEVyoEHD"
    "mumZLJNB3/1cFkrJ8ugyRj0NZwgYjqGoP1kgGAz45k4wNfW/kAZeZ/gfe4begYWbySfFJB"
    "ow5rfFRkBtaEwRDVVpyTDFFIqnoFFIO4tSNlA7q4k25mOSqo5ZoR0qyuSU2/0hGnG5f43L"
    "/UJn2KgKVuUs2zs9UYRKVl2VLI9Qmzkjd09DQx3/k5EHa994qMLs3mA27s0pD7f6s6J9gY"
    "rqmKjFURgiz1OVBJX0lKZu14x6AZ4BgFCgCaDk+2CO3vEf43fw9IQW+MnFz1hWwONZvzw9"
    "Ad3EzYoRbtsHU9xKpgI+0xeKjfnAqgrb+ZqRNsLbiGEDhWoYgEiqY2gh0g1rErgNauSZYe"
    "oyHgUs0EI3sR6i0950GDDTMZMAlE0dd3jVzTkys6ol31r4JUhXEbZReV3F41TWOAKve5U9"
    "pQWjB44PsyR+xL2S82oeMqkfhZ8uGf1m+ekYaW83Frc7tBjjjXqmGLwjM/Q09cBcBP0ynp"
    "YdQIS1nyxg6ioiJws+X8JZAj6CPj5iXqAKFAsfM1Mb7D09TRSLfCGZ409PH9izcVODcg4s"
    "NiU8Fcn/4AcjihzxZSijyWcU4T//kFod3ePTlpgP+q57d9nt54S41bm+u7m/APS/keaOcQ"
    "FCY+WNhssSDJccCydOsh/1JBMl95rMdY5lmynBEzpD87I9RiryOVaHzezqFunxthvW5G2B"
    "ubNlMoQiYEw4f8rzToikeKUlxROOoI3H5i03z/KAreYmuxrX+DlTqeCxyL7BMWbF95Vkc1"
    "Z4aW7/BqswFu3UWCQKCm63qAkFiIvvamOcT1tlrFuDq94FwP+MtMHjA/70+DDSHvq4Df9T"
    "xBB3nMWtlOxUYq7YLYtS5ZnmMbIm5Esqo6qjsHo2zP4l6pn82PavHH7a0IQwFCzxzdG66X"
    "E7hjIkw9RwuSfpFNHtMlzyuzhM4friTYQp5l4vDlTUn99EqKLZ79eEK2/FgNogtk01PBrg"
    "ytHDmQjYZEWcTTWeJbTEv0oVoabxIMDfcMAePgv6w+41OPgFDHvSAAt0XfKZfrjmBpdsal"
    "hueIkc2sISQkvCXbxUMbhPrJ0UYlehtazGTlumihlqwhI9Sxjknsk8hLBb7NRuIfS6Miuz"
    "1i6xU8vbiXJOap/sAngfRpq/j10EO9pIc/ezC29fK2Ll2HAiIaF4J+PeXMXbwsuv2L3ZMK"
    "FQuqumdEckemSR5UlTP1qYhQ4viUbi5Y8E6kJZjQot7G0lDPNug7SPTj6dnB+fnQSXQIKW"
    "tLsfbLaiIGFfUaSTB2hQCqmNwb3AAjYy3yWCAAtySuq7OGHB5HcVgzcFu02kvzOUN8mSdZ"
    "MDdeJ8jtCIKcxOYdfzXyjoM0Ipjt8qH7+hRMBerhmW28npK/jUayWyqA+vt5LHgjXPZNX8"
    "WcoStdFt2VbK0P1Z81cuyKOkAvNMfnTPNJm3vH2UTATuijjoEuOgw/b0NeNIG+jR3I8X/I"
    "2uVRH7vPMkOLx8pesGMOTJVVoXyPO5T7Pkf/Mh9XMJrQY2LftlLQVoPsq5/M6W9aqbkz6p"
    "M+FGzXCdz0yv/XQPtNtfouUrQkE9WRzRFn5vFR045Cl6MxSCA/BHdAtiADoi2JtBawZ0TX"
    "3nup6LDyRygtY0zw5lp0S4mUfhiFJtRtfYLTO2XSBJ+A1/QL8h3UORVYDrUcoGcr0mXM5k"
    "u8TnZaFUFJawTdeFv8KcsYKpIulsZfXtbUbhDuALmgzx4jEVqLY4ilC0w36aDmSRrpLt9c"
    "2o/Yycw0M4BnfIAoTSAqRhPL4AEPgj4Y80phaMdX2+gOYcTVjlZ41xuIG2/qz2iSU/lFWo"
    "RJVXiUIsY9iQohNFyap8l7QyatFOivNWTFISqqdQPfMJrZky5AmZVcisQmblyqzIshLujP"
    "mP0uVUt1Nm87yqP+PfcaBowKP8CMieQ3PaD37rHLRPz4A+pX/qBsQc9mzsJHswFil40uqm"
    "BhVm+7rKqMJsL2QnITsJs31lqk5VicnCqisk5CpAWlcJOZqQgiMnMxkrkqVlTqaMLEKz7G"
    "AxdQFcauBRg71Ry/14ICt4/FHrA9BfNbcula6haBkOjtS8gVFJDatLR1HtA7dQFX0rsEf6"
    "GcgEy5sI+2DUusWPjs5oI7Eno8/0iUW+QVVekF8HS0XQ1EisDZ4wuIc90vaenrBUo2joH0"
    "9PH/aBptsAy+fon+EkECaaItPCcj1ACi2fNcezPXMprHg2XcphkWyhjEBpkSRyV/H+4V/G"
    "wDxEbwm6a4ysCVbnNEmu+/swIsQx94kCQe62d/+r3z1+ySiWntMZ89IkJV/pCghEOeI1rn"
    "EJBTZ5u2muAqs7Nr0iz7HQ6ToWNjQ+y8NkMYaPMd22eBy0lLveLnu92wg/L2/i+9gjKXK1"
    "d0QZubz4zV5R9tdK7ooaDKGoqBFFVpSCKVNpFxU2iijxhSpsLFd+eVaSau4Qq2/wxTfJ3O"
    "UgdpkJtiagbzVX5xCZC6sjy8hwJzLPohTrsp9qUyKdJRj0zlUNFrh0aAIgeFZekAZekEk8"
    "qL6/lGxbgH4FacEkSSVgC46UGi/ojSBiBevhh/XZxbAg2WYTImmg2ea4ncFqc9xOrivRjt"
    "ts/EVWJOt9lFQosXVSYoV/Tvjndi16VtQ/R1HnCFE+N5IlJ/JC2ROc4766Ri4+yDTJIr0M"
    "gaCMhZb9eNF7ACcLhTT5tyS4qc3XHlCUOavAtpImEKEFVNQ84lBA0LhwtK14sIJEEXlj/x"
    "jCBgqfW0G8WEq2XWVjqzfWhRIO7ijXYL2RNlRoT3VzIYVtKYWUrPSRxM32KsdA4rNAshDS"
    "pGUmLkkhb+vIQSmcHA7ELMMJx2IBx6Jw3/9Qlg+v/nWBlCIRSsH1qnCdsxkHTpfcVR+DpV"
    "1+9cdqHsXppfpEksnsUPlVYoWbNAtc/kIU5UUzwUVj6gVYGefWDKpEAyQFDQzdXHfvuvKH"
    "69PRmora3E9XKyE3X+2asMXT3/4wuEl+EuENA5gjf3AtgfQF8N2UUq7jISqKTmeGii1TXB"
    "wtpjpyMwFLyKq9Dm68xN5NBI+Tjq84bEwawEYiFkoMswZUyxw0TQTJV5o494KLY8bcR27g"
    "QckNel0DMjbgtinTbZuhNx1kKjLxyjHBN96T/bTwG7jssyr+JhmGDcfA/CiRwmsWpBQxwL"
    "t1WJNFlQNhr3sD0T06PMyALu6ViC59FnM0uoknWITTam4GJOKKds4r2jn8Pps/zL7/H1zl"
    "ceM="
)
