# syntax=docker/dockerfile:1
# Multi-stage build: Maven builds everything once; "job" is the Flink image running the scorer,
# "tools" runs the simulator, the demo-model trainer and the other streamcast commands.
# linux/amd64 only (DL4J natives: see javacpp.platform in .mvn/maven.config).

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests package \
 && mvn -B -q dependency:copy-dependencies -pl demo -DincludeScope=runtime -DoutputDirectory=/tools/lib \
 && cp demo/target/demo-*.jar /tools/lib/

FROM flink:2.2 AS job
# Flink's Prometheus reporter ships in opt/; as a plugin it exposes Flink's own metrics on 9250.
RUN mkdir -p /opt/flink/plugins/metrics-prometheus \
 && (cp /opt/flink/opt/flink-metrics-prometheus-*.jar /opt/flink/plugins/metrics-prometheus/ 2>/dev/null || true)
COPY --from=build /src/job/target/job-*-flink.jar /opt/flink/usrlib/streamcast.jar
COPY deploy/job.yaml /opt/streamcast/job.yaml

FROM eclipse-temurin:17-jre AS tools
ENV OMP_NUM_THREADS=1
COPY --from=build /tools/lib /opt/streamcast/lib
ENTRYPOINT ["java", "-cp", "/opt/streamcast/lib/*", "io.streamcast.demo.DemoCli"]
