#!/usr/bin/env bash
# Start-up of a trivial app and of a hello world that makes one UUID (Java 17 and 25), the
# library-cache demo and the Kafka demo, each without an agent, with bytemeter, with the
# OpenTelemetry Java agent and with the JMX exporter agent, paired and interleaved
# (StartupBenchmark). Run after `mvn -B package -DskipTests`.
# COMPARE=path/to/another/bytemeter-agent.jar adds that jar as "bytemeter (compared)";
# JAVA25=path/to/java picks the second JDK (default: the Temurin 25 under /usr/lib/jvm).
set -euo pipefail
cd "$(dirname "$0")/.."

bench=(java -cp benchmarks/target/benchmarks.jar)
[ -n "${COMPARE:-}" ] && bench+=("-Dstartup.compare=$COMPARE")
main=io.bytemeter.benchmarks.StartupBenchmark
java25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}

echo "=== trivial app, Java 17"
"${bench[@]}" -Dstartup.runs=9 "$main"
if [ -x "$java25" ]; then
  echo "=== trivial app, Java 25"
  "${bench[@]}" -Dstartup.runs=9 "-Dstartup.java=$java25" "$main"
fi
echo "=== UUID hello world (one UUID.randomUUID()), Java 17"
"${bench[@]}" -Dstartup.runs=9 -Dstartup.main=io.bytemeter.benchmarks.UuidHelloApp "$main"
if [ -x "$java25" ]; then
  echo "=== UUID hello world, Java 25"
  "${bench[@]}" -Dstartup.runs=9 -Dstartup.main=io.bytemeter.benchmarks.UuidHelloApp "-Dstartup.java=$java25" "$main"
fi
echo "=== library-cache demo"
"${bench[@]}" -Dstartup.runs=7 \
  "-Dstartup.app=demo-apps/library-cache-demo/target/library-cache-demo.jar:demo-apps/library-cache-demo/target/lib/* demo.librarycache.LibraryCacheDemo -Ddemo.exit=true -Ddemo.ops=200" "$main"
echo "=== Kafka demo (its broker in the same JVM)"
"${bench[@]}" -Dstartup.runs=5 \
  "-Dstartup.app=demo-apps/kafka-demo/target/kafka-demo.jar:demo-apps/kafka-demo/target/lib/* demo.kafka.OrderPipeline -Ddemo.exit=true -Ddemo.orders=300" "$main"
