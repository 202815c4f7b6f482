#!/usr/bin/env bash
# End-to-end test of the `itsm` command-line tool (docs/cli.md): the real binary over a real
# SQLite file — init, a CSV import with a refused row, lists, show, impact, map, report, the
# conformance check, verify (then a row tampered with through sqlite3), backup and export —
# checking outputs and exit codes. Usage: cli_e2e.sh PATH/TO/itsm WORK_DIR
set -uo pipefail
itsm=$(realpath "$1")
work=$2
rm -rf "$work" && mkdir -p "$work" && cd "$work" || exit 2

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
# run EXIT ARGS…: runs itsm with ARGS; stdout goes to out.txt, stderr to err.txt.
run() {
  local want=$1 got
  shift
  "$itsm" "$@" >out.txt 2>err.txt
  got=$?
  [ "$got" = "$want" ] || fail "itsm $*: exit $got, expected $want; stderr: $(head -c 300 err.txt)"
}
out_has() { grep -qE -- "$1" out.txt || fail "stdout lacks /$1/: $(head -c 500 out.txt)"; }
out_lacks() { ! grep -qE -- "$1" out.txt || fail "stdout has /$1/"; }
err_has() { grep -qE -- "$1" err.txt || fail "stderr lacks /$1/: $(head -c 500 err.txt)"; }
# The error contract: exactly one line, "itsm: …", and no foreign text.
one_error_line() {
  [ "$(wc -l <err.txt)" -eq 1 ] && grep -q '^itsm: ' err.txt || fail "not one 'itsm:' line on stderr: $(cat err.txt)"
  ! grep -qiE 'terminate|what\(\)|SQLite::|sqlite3_|json\.exception|CLI::' err.txt || fail "foreign error text: $(cat err.txt)"
}
json_check() {  # json_check FILE PYTHON-EXPRESSION-ON-d
  python3 -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if ($2) else 1)" "$1" ||
    fail "$1: not JSON or not ($2)"
}

export ITSM_STORE=$work/shop.db ITSM_ACTOR=carla ITSM_ROLES=configuration_manager,service_level_manager,service_desk
auditor=(--actor audrey --role auditor)
admin=(--actor root --role admin)

echo "--- help everywhere, usage errors"
for cmd in "" init verify backup import "import cis" incidents "incidents list" "incidents record" show types \
  "types add" "types list" services "services add" impact map report conformance export; do
  # shellcheck disable=SC2086
  run 0 $cmd --help
  out_has '^Usage: '
done
run 2
one_error_line
run 2 frobnicate
one_error_line
run 2 incidents record
err_has -- '--title is required'
one_error_line

echo "--- init"
run 3 verify
err_has "not_found: no store at '.*shop.db'"
one_error_line
[ ! -e shop.db ] || fail "a command other than init created the store"
run 0 init
[ -f shop.db ] || fail "init made no file"
run 3 init
err_has 'already_exists'
one_error_line
ITSM_ACTOR='' run 3 types list
err_has 'no actor: give --actor NAME --role ROLE'

echo "--- types, a service, and the CSV import with a bad row"
run 0 types add server --description "a physical server" --attribute cpus:integer:required \
  --attribute serial:text --relationship-kind runs_on --relationship-kind depends_on
run 0 types add application --description "deployed software" --relationship-kind runs_on
run 0 types list
out_has '^server +- +cpus:integer! serial:text +runs_on depends_on'
run 0 services add webshop --critical
out_has 'added service SVC-1 \(webshop\)'
cat >cis.csv <<'CSV'
type,name,status,cpus,serial,services
server,db01,live,16,SN-1,
server,"db02
(spare)",live,4,SN-4,
server,web01,live,8,SN-2,
server,bad01,live,lots,SN-3,
application,shop,live,,,SVC-1
CSV
printf 'source_type,source,kind,target_type,target\napplication,shop,runs_on,server,web01\nserver,web01,depends_on,server,db01\n' >rels.csv
run 3 import cis cis.csv --relationships rels.csv --progress none
out_has '^plan: 6 create, 0 update, 0 unchanged, 0 pending, 1 refused'
out_has "refused: cis row 6: \[R-9.1-types\] attribute cpus: 'lots' is not an integer"
err_has 'rule_violation: 1 refused row\(s\), nothing imported.*\[R-9.1-types\]'
one_error_line
run 0 "${auditor[@]}" export --kind configuration_item
[ ! -s out.txt ] || fail "a refused import wrote CIs"
run 1 import cis cis.csv --relationships rels.csv --dry-run --progress none
out_has '^plan: 6 create'
run 3 --actor vic --role viewer import cis cis.csv --skip-refused --progress none
err_has 'permission_denied'
run 0 import cis cis.csv --relationships rels.csv --skip-refused
out_has 'skipping the refused rows: 1 of CIs, 0 of relationships'
out_has '^applied: 6 records written in one transaction'
err_has '^plan cis: 5/5 rows'       # not a terminal: plain progress lines
err_has '^apply relationships: 2/2 rows'
run 0 show CI-2   # the refused row was cut out after a quoted cell holding a line break
cp out.txt ci2.json
json_check ci2.json "d['fields']['name']=='db02\\n(spare)'"
run 0 import cis cis.csv --relationships rels.csv --skip-refused --progress bar
out_has 'nothing to write'
grep -q 'ETA' err.txt && grep -qF '[####' err.txt || fail "the progress bar lacks its bar or ETA: $(cat err.txt)"

echo "--- incidents: record, list, pages, show"
run 0 incidents record --title "shop is slow" --service webshop --ci CI-3 --impact 2 --urgency 2
out_has '^recorded INC-1 '
run 0 incidents record --title "db01 disk full" --ci CI-1 --impact 1 --urgency 1 --category outage
run 0 incidents record --title "printer jam" --impact 3 --urgency 3
run 3 incidents record --title "x" --ci CI-99
one_error_line
run 0 incidents list --state open
out_has '^INC-1 +recorded +[1-5] +SVC-1 .* shop is slow$'
out_has '^page 1: 3 incidents$'
run 0 incidents list --service webshop
out_has '^INC-1 '
out_lacks '^INC-2 '
run 0 incidents list --limit 2 --page 2
out_has '^INC-3 '
out_lacks '^INC-1 '
run 0 incidents list --limit 2 --page 3
out_has '^page 3: 0 incidents$'
run 0 incidents list --state resolved
out_has '^page 1: 0 incidents$'
run 3 incidents list --state bogus
err_has "invalid_argument: --state 'bogus'"
run 0 incidents list --format json
cp out.txt list.json
json_check list.json "d['schema']=='itsm.export/1' and [i['id'] for i in d['items']]==['INC-1','INC-2','INC-3']"
run 0 show INC-1
cp out.txt inc1.json
json_check inc1.json "d['ticket']['fields']['title']=='shop is slow' and d['ticket']['fields']['service']=='SVC-1' and len(d['log'])>=1"
run 0 show INC-1 --format table
out_has '^title +shop is slow$'
out_has '^log +[0-9]+ entries$'
run 0 show CI-4 --format table
out_has '^name +shop$'
run 3 show INC-99
err_has 'not_found'
one_error_line
run 3 show XYZ-1
err_has 'invalid_argument'

echo "--- impact and map"
run 0 impact CI-1
out_has '^if CI-1 fails, 2 CIs and 1 services are impacted$'
out_has '^1 +CI-3 +server +web01$'
out_has '^3 +SVC-1 +service +webshop$'
run 0 map webshop
cp out.txt map.dot
out_has '^digraph "cmdb" \{'
out_has '"4" -> "3" \[label="runs_on"'
if command -v dot >/dev/null; then dot -Tsvg map.dot >map.svg || fail "Graphviz rejects the map"; fi
run 3 map nosuch
err_has "not_found: no service 'nosuch'"

echo "--- report and conformance"
month=$(python3 -c "import json; print(json.load(open('inc1.json'))['ticket']['fields']['opened_at'][:7])")
run 0 "${auditor[@]}" report --period "$month" --html report.html --json report.json --with-conformance
grep -q '</html>' report.html || fail "report.html is not a whole HTML page"
json_check report.json "d['schema']=='itsm.report/1' and d['workload']['opened']['incident']==3"
run 3 "${auditor[@]}" report --period 2026-13
err_has "invalid_argument: --period '2026-13'"
run 1 "${auditor[@]}" conformance --period "$month"   # a fresh store: SVC-1 has no SLA yet
out_has '^nonconformity R-6.1-sla: '
out_has ' NONCONFORMITIES: see above$'
run 1 "${auditor[@]}" conformance --period "$month" --format json
cp out.txt conformance.json
json_check conformance.json "d['schema']=='itsm.conformance/1'"

echo "--- verify, backup, export, tampering"
run 0 "${auditor[@]}" verify
out_has '^audit trail: ok, [0-9]+ entries'
out_has '^records: ok, '
out_has '^file: ok$'
head_line=$(grep '^audit trail' out.txt)
run 3 backup copy.db
err_has 'permission_denied'
run 0 "${admin[@]}" backup copy.db
out_has '^backup: copy.db \([0-9]+ pages, [0-9]+ bytes\), consistent as of audit entry [0-9]+$'
run 3 "${admin[@]}" backup copy.db
err_has "already_exists: 'copy.db' exists \(pass --overwrite"
run 0 --store copy.db "${auditor[@]}" verify
[ "$(grep '^audit trail' out.txt)" = "$head_line" ] || fail "the backup's trail differs from the store's"
run 0 "${auditor[@]}" export --out all.jsonl
err_has '^exported 1 service, 0 customer, 4 configuration_item, 3 incident, '
python3 - all.jsonl <<'PY' || fail "export is not JSON Lines of itsm.export/1 records"
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
assert len(rows) == 8 and all(r["schema"] == "itsm.export/1" for r in rows)
assert [r["id"] for r in rows if r["kind"] == "incident"] == ["INC-1", "INC-2", "INC-3"]
PY
run 3 "${auditor[@]}" export --kind bogus
err_has "invalid_argument: --kind 'bogus'"

sqlite3 shop.db "UPDATE incident SET title = 'nothing happened' WHERE id = 'INC-2'" || fail "sqlite3 could not tamper"
run 1 "${auditor[@]}" verify
out_has '^records: FINDINGS, '
out_has '^  incident INC-2 content_changed: '
run 1 "${auditor[@]}" conformance --period "$month"
out_has '^nonconformity R-9.1-trace: '
run 0 --store copy.db "${auditor[@]}" verify   # the copy taken before is still intact

echo "--- the JSON import, in a store of its own"
js=(--store "$work/json.db")
run 0 "${js[@]}" init
run 0 "${js[@]}" types add server --description "a physical server" --attribute cpus:integer:required \
  --relationship-kind depends_on
cat >cis.json <<'JSON'
[{"type": "server", "name": "app01", "cpus": 8},
 {"type": "server", "name": "app02", "cpus": "many"},
 {"type": "server", "name": "db01", "cpus": 16, "status": "live"}]
JSON
echo '[{"source_type": "server", "source": "APP01", "kind": "depends_on", "target_type": "server", "target": "db01"}]' >rels.json
run 3 "${js[@]}" import cis cis.json --relationships rels.json --progress none
out_has "refused: cis row 1: \[R-9.1-types\] attribute cpus: 'many' is not an integer"
one_error_line
run 0 "${js[@]}" import cis cis.json --relationships rels.json --skip-refused --progress none
out_has '^applied: 3 records written in one transaction'
run 0 "${js[@]}" impact CI-2
out_has '^1 +CI-1 +server +app01$'
printf '[{"type": "server", "name": "x"' >bad.txt   # JSON by --format, not by its name; cut short
run 3 "${js[@]}" import cis bad.txt --format json --skip-refused --progress none
out_has 'refused: cis row 0: \[R-9.1-access\] malformed JSON: .*line 1'
err_has 'nothing imported \(bad.txt is not a JSON array of rows'
one_error_line
run 0 "${js[@]}" "${auditor[@]}" export --kind configuration_item
[ "$(wc -l <out.txt)" -eq 2 ] || fail "the JSON imports wrote other than app01 and db01: $(cat out.txt)"

# The same tool over PostgreSQL when scripts/postgres.sh started a server (ctest runs under it in
# .ci/run) and the tool was built with libpq: a schema of its own, so other tests are untouched.
if [ -n "${ITSM_TEST_POSTGRES_URI:-}" ] && "$itsm" --help | grep -q 'postgresql://'; then
  echo "--- the same over PostgreSQL"
  pg="$ITSM_TEST_POSTGRES_URI&itsm_schema=cli_e2e_$$"
  run 0 --store "$pg" init
  run 0 --store "$pg" types add server --description "a physical server" --attribute cpus:integer:required \
    --attribute serial:text --relationship-kind runs_on --relationship-kind depends_on
  run 0 --store "$pg" types add application --description "deployed software" --relationship-kind runs_on
  run 0 --store "$pg" services add webshop
  run 0 --store "$pg" import cis cis.csv --relationships rels.csv --skip-refused
  out_has '^applied: 6 records written in one transaction'
  run 0 --store "$pg" impact CI-1
  out_has '^if CI-1 fails, 2 CIs and 1 services are impacted$'
  run 0 --store "$pg" "${auditor[@]}" verify
  out_has '^records: ok, '
  run 3 --store "$pg" "${admin[@]}" backup pg-copy.db
  err_has 'unsupported: backup copies SQLite stores only'
fi

if [ "$failures" -ne 0 ]; then
  echo "cli end-to-end: $failures check(s) failed"
  exit 1
fi
echo "cli end-to-end: all checks passed"
