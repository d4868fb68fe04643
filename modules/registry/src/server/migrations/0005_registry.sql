-- 人口与家庭基础库: one person one record, households with membership over time.

-- 民族 (GB/T 3304): the 56 groups plus 其他 and 外国血统中国籍人士.
CREATE TABLE registry_ethnicity (code varchar(2) PRIMARY KEY, name text NOT NULL UNIQUE);
INSERT INTO registry_ethnicity (code, name) VALUES
 ('01','汉族'),('02','蒙古族'),('03','回族'),('04','藏族'),('05','维吾尔族'),('06','苗族'),('07','彝族'),('08','壮族'),
 ('09','布依族'),('10','朝鲜族'),('11','满族'),('12','侗族'),('13','瑶族'),('14','白族'),('15','土家族'),('16','哈尼族'),
 ('17','哈萨克族'),('18','傣族'),('19','黎族'),('20','傈僳族'),('21','佤族'),('22','畲族'),('23','高山族'),('24','拉祜族'),
 ('25','水族'),('26','东乡族'),('27','纳西族'),('28','景颇族'),('29','柯尔克孜族'),('30','土族'),('31','达斡尔族'),('32','仫佬族'),
 ('33','羌族'),('34','布朗族'),('35','撒拉族'),('36','毛南族'),('37','仡佬族'),('38','锡伯族'),('39','阿昌族'),('40','普米族'),
 ('41','塔吉克族'),('42','怒族'),('43','乌孜别克族'),('44','俄罗斯族'),('45','鄂温克族'),('46','德昂族'),('47','保安族'),('48','裕固族'),
 ('49','京族'),('50','塔塔尔族'),('51','独龙族'),('52','鄂伦春族'),('53','赫哲族'),('54','门巴族'),('55','珞巴族'),('56','基诺族'),
 ('97','其他'),('98','外国血统中国籍人士');

-- 家庭关系 (GB/T 4761-2008).
CREATE TABLE registry_relation (code varchar(2) PRIMARY KEY, name text NOT NULL);
INSERT INTO registry_relation (code, name) VALUES
 ('01','本人'),('02','户主'),('10','配偶'),('11','夫'),('12','妻'),('20','子'),('21','独生子'),('22','长子'),('23','次子'),('24','三子'),
 ('25','四子'),('26','五子'),('27','养子或继子'),('28','女婿'),('29','其他儿子'),('30','女'),('31','独生女'),('32','长女'),('33','次女'),
 ('34','三女'),('35','四女'),('36','五女'),('37','养女或继女'),('38','儿媳'),('39','其他女儿'),('40','孙子、孙女或外孙子、外孙女'),
 ('41','孙子'),('42','孙女'),('43','外孙子'),('44','外孙女'),('45','孙媳妇或外孙媳妇'),('46','孙女婿或外孙女婿'),('47','曾孙子或外曾孙子'),
 ('48','曾孙女或外曾孙女'),('49','其他孙子、孙女或外孙子、外孙女'),('50','父母'),('51','父亲'),('52','母亲'),('53','公公'),('54','婆婆'),
 ('55','岳父'),('56','岳母'),('57','继父或养父'),('58','继母或养母'),('59','其他父母关系'),('60','祖父母或外祖父母'),('61','祖父'),
 ('62','祖母'),('63','外祖父'),('64','外祖母'),('65','配偶的祖父母或外祖父母'),('66','曾祖父'),('67','曾祖母'),
 ('68','配偶的曾祖父母或外曾祖父母'),('69','其他祖父母或外祖父母关系'),('70','兄弟姐妹'),('71','兄'),('72','嫂'),('73','弟'),('74','弟媳'),
 ('75','姐姐'),('76','姐夫'),('77','妹妹'),('78','妹夫'),('79','其他兄弟姐妹'),('80','其他'),('81','伯父'),('82','伯母'),('83','叔父'),
 ('84','婶母'),('85','舅父'),('86','舅母'),('87','姨父'),('88','姨母'),('89','姑父'),('90','姑母'),('91','堂兄弟、堂姐妹'),
 ('92','表兄弟、表姐妹'),('93','侄子'),('94','侄女'),('95','外甥'),('96','外甥女'),('97','其他亲属'),('99','非亲属');

-- Bigrams of a name: a GIN index on them answers partial matches of 2-character names, which
-- trigram indexes cannot (a 2-character term has no trigram).
CREATE FUNCTION registry_bigrams(t text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT coalesce(array_agg(substr(t, i, 2)), '{}') FROM generate_series(1, greatest(length(t) - 1, 0)) i $$;

-- A person. `region_code` is the managing jurisdiction (current residence) and drives scope.
-- Sensitive values are stored only as AES-256-GCM envelopes (`*_cipher`), a keyed SM3 hash for
-- equality (`*_hash`) and the masked form lists show (`*_masked`); plain text never reaches the table.
CREATE TABLE registry_person (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  id_hash             text NOT NULL,
  id_cipher           text NOT NULL,
  id_masked           varchar(18) NOT NULL,
  name                text NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
  name_initials       text NOT NULL,
  sex                 text NOT NULL CHECK (sex IN ('male', 'female')),
  birth_date          date NOT NULL,
  ethnicity           varchar(2) REFERENCES registry_ethnicity (code),
  phone_cipher        text,
  phone_hash          text,
  phone_masked        text,
  hukou_region_code   varchar(12) NOT NULL REFERENCES region (code),
  hukou_type          text NOT NULL CHECK (hukou_type IN ('urban', 'rural')),
  region_code         varchar(12) NOT NULL REFERENCES region (code),
  address             text CHECK (length(address) <= 200),
  disability_cert_no  text CHECK (length(disability_cert_no) <= 30),
  disability_category text CHECK (disability_category IN ('visual', 'hearing', 'speech', 'physical', 'intellectual', 'mental', 'multiple')),
  disability_grade    smallint CHECK (disability_grade BETWEEN 1 AND 4),
  marital_status      text CHECK (marital_status IN ('unmarried', 'married', 'divorced', 'widowed')),
  education           text CHECK (length(education) <= 20),
  employment          text CHECK (length(employment) <= 50),
  health_cipher       text,
  bank_name           text CHECK (length(bank_name) <= 50),
  bank_account_cipher text,
  bank_account_hash   text,
  bank_account_masked text,
  bank_holder         text CHECK (length(bank_holder) <= 50),
  status              text NOT NULL DEFAULT 'alive' CHECK (status IN ('alive', 'deceased', 'missing', 'imprisoned')),
  death_date          date,
  source              text NOT NULL DEFAULT 'manual',
  import_batch_id     uuid,
  created_by          uuid,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_by          uuid,
  updated_at          timestamptz NOT NULL DEFAULT now(),
  version             integer NOT NULL DEFAULT 1,
  CHECK ((status = 'deceased') = (death_date IS NOT NULL)),
  CHECK (disability_grade IS NULL OR disability_category IS NOT NULL)
);
-- One person per ID number across the whole deployment.
CREATE UNIQUE INDEX registry_person_id_hash ON registry_person (id_hash);
CREATE INDEX registry_person_region ON registry_person (region_code, name, id);
CREATE INDEX registry_person_name_bigrams ON registry_person USING gin (registry_bigrams(name));
-- Initials: prefix search ("zw") and the fuzzy rule (same initials, one character off).
CREATE INDEX registry_person_initials ON registry_person (name_initials text_pattern_ops, name);
CREATE INDEX registry_person_birth ON registry_person (region_code, birth_date);
CREATE INDEX registry_person_batch ON registry_person (import_batch_id) WHERE import_batch_id IS NOT NULL;

CREATE TABLE registry_household (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  region_code varchar(12) NOT NULL REFERENCES region (code),
  address     text NOT NULL CHECK (length(address) BETWEEN 1 AND 200),
  head_person_id uuid REFERENCES registry_person (id),
  dissolved_on date,
  import_batch_id uuid,
  created_by  uuid,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX registry_household_region ON registry_household (region_code);

-- Membership over time: [valid_from, valid_to). "Who was in this household on date X" is
-- valid_from <= X AND (valid_to IS NULL OR valid_to > X).
CREATE TABLE registry_household_member (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  household_id uuid NOT NULL REFERENCES registry_household (id),
  person_id    uuid NOT NULL REFERENCES registry_person (id),
  relation     varchar(2) NOT NULL REFERENCES registry_relation (code),
  valid_from   date NOT NULL,
  valid_to     date,
  ended_reason text,
  CHECK (valid_to IS NULL OR valid_to > valid_from)
);
-- A person is in at most one household at a time: one open membership …
CREATE UNIQUE INDEX registry_member_one_current ON registry_household_member (person_id) WHERE valid_to IS NULL;
CREATE INDEX registry_member_household ON registry_household_member (household_id, valid_from);

-- … and no two memberships overlapping in the past either (checked set-wise per statement).
CREATE FUNCTION registry_member_no_overlap() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  IF EXISTS (
    SELECT 1 FROM registry_household_member a JOIN registry_household_member b
      ON a.person_id = b.person_id AND a.id < b.id
     AND a.valid_from < coalesce(b.valid_to, 'infinity') AND b.valid_from < coalesce(a.valid_to, 'infinity')
    WHERE a.person_id IN (SELECT person_id FROM changed)
  ) THEN
    RAISE EXCEPTION '同一人同一时间只能属于一个家庭' USING ERRCODE = '23P01';
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER registry_member_overlap_ins AFTER INSERT ON registry_household_member
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION registry_member_no_overlap();
CREATE TRIGGER registry_member_overlap_upd AFTER UPDATE ON registry_household_member
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION registry_member_no_overlap();

-- Jurisdiction in the database itself.
ALTER TABLE registry_person ENABLE ROW LEVEL SECURITY;
CREATE POLICY registry_person_scope ON registry_person TO mz_app
  USING (region_code >= mz_scope_from() AND region_code < mz_scope_to())
  WITH CHECK (region_code >= mz_scope_from() AND region_code < mz_scope_to());
ALTER TABLE registry_household ENABLE ROW LEVEL SECURITY;
CREATE POLICY registry_household_scope ON registry_household TO mz_app
  USING (region_code >= mz_scope_from() AND region_code < mz_scope_to())
  WITH CHECK (region_code >= mz_scope_from() AND region_code < mz_scope_to());
ALTER TABLE registry_household_member ENABLE ROW LEVEL SECURITY;
CREATE POLICY registry_member_scope ON registry_household_member TO mz_app
  USING (EXISTS (SELECT 1 FROM registry_household h WHERE h.id = household_id))
  WITH CHECK (EXISTS (SELECT 1 FROM registry_household h WHERE h.id = household_id));

-- Who holds an ID number, for the refusal message when another jurisdiction enters it again:
-- the holder's jurisdiction name only, never the person's data.
CREATE FUNCTION registry_id_holder(hash text, except_id uuid DEFAULT NULL) RETURNS text LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT string_agg(r.name, ' / ' ORDER BY r.level)
  FROM registry_person p JOIN region r ON r.code IN (
    rpad(left(p.region_code, 2), 12, '0'), rpad(left(p.region_code, 4), 12, '0'), rpad(left(p.region_code, 6), 12, '0'),
    rpad(left(p.region_code, 9), 12, '0'), p.region_code)
  WHERE p.id_hash = hash AND p.id IS DISTINCT FROM except_id
$$;

-- Preset roles get the registry's permissions: clerks enter, import and (for casework) see full
-- records; reviewers and approvers see full records; approvers may export unmasked lists.
UPDATE iam_role SET permissions = permissions || ARRAY['person.read_full', 'person.import'] WHERE code = 'clerk' AND preset;
UPDATE iam_role SET permissions = permissions || ARRAY['person.read_full'] WHERE code = 'reviewer' AND preset;
UPDATE iam_role SET permissions = permissions || ARRAY['person.read_full', 'person.export_full'] WHERE code = 'approver' AND preset;
