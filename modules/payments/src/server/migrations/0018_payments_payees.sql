-- 资金发放 (payments), part 4: payees registered outside the paying jurisdiction.
--
-- A 临时救助 is filed where the emergency happened, so its payee may be registered in another
-- county (a traveller). Payments runs under the caller's row-level security, where that person's
-- registry record does not exist: the grant could not be recorded, the bank file found no
-- account, and the roll showed no name. Widening the caller's published range for the call would
-- open every table to every read in it; instead these functions answer exactly what payments
-- needs, as the owner, and nothing more:
--
-- * whether a payee exists, and a household's head (no personal data beyond existence and an id);
-- * for a line or transfer of a roll in the caller's scope (the roll's county against
--   mz_scope_from()/mz_scope_to(), as registry's 0009 functions apply the published range), the
--   facts of that line's or transfer's own payee: name, masked ID number, bank, and the account
--   as the registry keeps it (envelope, keyed hash, masked form). Account and ID envelopes stay
--   encrypted; they are opened only into the bank file, in the application.
--
-- The registry API and its tables stay as they were: the county still cannot read the person.
-- mz_scope_from() is NULL outside a scoped transaction, so every function then answers nothing.
-- Callers use them only for a payee their own registry read does not find (the functions are
-- keyed by one line, transfer or entitlement, so a page of fifty lines costs fifty index look-ups,
-- never a pass over a million-line roll).

-- Whether the person exists in the registry, wherever registered.
CREATE FUNCTION payments_payee_exists(target_person uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT mz_scope_from() IS NOT NULL AND EXISTS (SELECT 1 FROM registry_person p WHERE p.id = target_person)
$$;

-- A household's head, as one row when the household exists (the head may be NULL), none otherwise.
CREATE FUNCTION payments_household_head(target_household uuid) RETURNS TABLE (head_person_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT h.head_person_id FROM registry_household h
  WHERE h.id = target_household AND mz_scope_from() IS NOT NULL
$$;

-- The payee of one ledger line of a roll in the caller's scope.
CREATE FUNCTION payments_line_payee(target_line bigint)
RETURNS TABLE (name text, id_masked text, bank_holder text, bank_name text, account_cipher text, account_hash text, account_masked text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT p.name, p.id_masked::text, p.bank_holder, p.bank_name, p.bank_account_cipher, p.bank_account_hash, p.bank_account_masked
  FROM payments_line l
  JOIN payments_roll r ON r.id = l.roll_id
  JOIN registry_person p ON p.id = l.payee_person_id
  WHERE l.id = target_line AND r.region_code >= mz_scope_from() AND r.region_code < mz_scope_to()
$$;

-- The payee of one bank transfer of a roll in the caller's scope: as above, plus the ID number's
-- envelope for a bank layout that asks for it (opened only into the bank file).
CREATE FUNCTION payments_transfer_payee(target_roll uuid, target_no integer)
RETURNS TABLE (name text, id_masked text, id_cipher text, bank_holder text, bank_name text, account_cipher text, account_hash text, account_masked text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT p.name, p.id_masked::text, p.id_cipher, p.bank_holder, p.bank_name, p.bank_account_cipher, p.bank_account_hash, p.bank_account_masked
  FROM payments_transfer t
  JOIN payments_roll r ON r.id = t.roll_id
  JOIN registry_person p ON p.id = t.payee_person_id
  WHERE t.roll_id = target_roll AND t.transfer_no = target_no
    AND r.region_code >= mz_scope_from() AND r.region_code < mz_scope_to()
$$;

-- The payee's name and masked ID number of one entitlement in the caller's scope (the ledger's
-- lists name whom each entitlement pays).
CREATE FUNCTION payments_entitlement_payee(target_entitlement uuid) RETURNS TABLE (name text, id_masked text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT p.name, p.id_masked::text
  FROM payments_entitlement e
  JOIN registry_person p ON p.id = e.payee_person_id
  WHERE e.id = target_entitlement AND e.region_code >= mz_scope_from() AND e.region_code < mz_scope_to()
$$;

REVOKE EXECUTE ON FUNCTION payments_payee_exists(uuid) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION payments_household_head(uuid) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION payments_line_payee(bigint) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION payments_transfer_payee(uuid, integer) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION payments_entitlement_payee(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION payments_payee_exists(uuid) TO mz_app;
GRANT EXECUTE ON FUNCTION payments_household_head(uuid) TO mz_app;
GRANT EXECUTE ON FUNCTION payments_line_payee(bigint) TO mz_app;
GRANT EXECUTE ON FUNCTION payments_transfer_payee(uuid, integer) TO mz_app;
GRANT EXECUTE ON FUNCTION payments_entitlement_payee(uuid) TO mz_app;
