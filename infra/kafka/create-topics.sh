#!/bin/sh
# Creates Sluice's topics on the cluster at $KAFKA_BOOTSTRAP (kafka-init in docker-compose.yml). Idempotent: an
# existing topic is left as it is (partitions especially: see README.md, "Choosing partition counts").
# Replication follows the cluster: 3 copies (at least 2 in sync) on the 3-broker cluster, 1 on a single broker.
# The topic names are the ones of dev.sluice.schemas.Topics; a test keeps them so.
set -eu

BIN=/opt/kafka/bin
BOOTSTRAP="${KAFKA_BOOTSTRAP:-kafka:9092}"
DOCUMENTS_PARTITIONS="${SLUICE_DOCUMENTS_PARTITIONS:-12}"
DAY_MS=86400000
# a document may be as large as the gateway's body limit (10 MB) plus headers
MAX_MESSAGE_BYTES=11534336

# The brokers start with this one: wait until the controller quorum answers (at most ~3 minutes).
tries=0
until "$BIN/kafka-metadata-quorum.sh" --bootstrap-server "$BOOTSTRAP" describe --status >/tmp/quorum 2>/dev/null; do
  tries=$((tries + 1))
  if [ "$tries" -ge 60 ]; then
    echo "kafka-init: no Kafka cluster answered at $BOOTSTRAP" >&2
    exit 1
  fi
  sleep 3
done

# Every voter of the quorum is a broker too (combined nodes): wait until all of them are registered brokers, so that
# the replication factor is right on the first try.
voters=$(sed -n 's/^CurrentVoters:[[:space:]]*//p' /tmp/quorum | grep -o '"id": *[0-9]*' | wc -l)
if [ "$voters" -eq 0 ]; then
  voters=$(sed -n 's/^CurrentVoters:[[:space:]]*//p' /tmp/quorum | tr -cs '0-9' '\n' | grep -c . || true)
fi
tries=0
while :; do
  brokers=$("$BIN/kafka-broker-api-versions.sh" --bootstrap-server "$BOOTSTRAP" 2>/dev/null | grep -c '(id: ' || true)
  [ "$brokers" -ge "$voters" ] && break
  tries=$((tries + 1))
  if [ "$tries" -ge 60 ]; then
    echo "kafka-init: $brokers of $voters brokers after 3 minutes; creating topics with what is there" >&2
    break
  fi
  sleep 3
done

replication=$(( brokers < 3 ? brokers : 3 ))
min_insync=$(( replication > 2 ? 2 : 1 ))
echo "kafka-init: $brokers broker(s): replication factor $replication, min.insync.replicas $min_insync"

create() { # name partitions retention-days [extra --config ...]
  name=$1; partitions=$2; days=$3; shift 3
  "$BIN/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP" --create --if-not-exists --topic "$name" \
    --partitions "$partitions" --replication-factor "$replication" \
    --config min.insync.replicas="$min_insync" --config retention.ms=$((days * DAY_MS)) "$@"
}

# Input, keyed by document id: its partitions bound the processor's parallelism.
create sluice.documents "$DOCUMENTS_PARTITIONS" 7 --config max.message.bytes=$MAX_MESSAGE_BYTES
# One outcome per document version, keyed by document id: as many partitions as the input.
create sluice.outcomes "$DOCUMENTS_PARTITIONS" 7
# Dead letters keep the original record (as large as a document) for a month of investigation.
create sluice.dlq 3 30 --config max.message.bytes=$MAX_MESSAGE_BYTES
# Crawl lifecycle events, keyed by job id.
create sluice.crawl-events 3 7

"$BIN/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP" --describe --topic 'sluice\..*' | grep -v '^[[:space:]]*Topic: .*Partition:' || true
