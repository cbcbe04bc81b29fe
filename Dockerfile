# syntax=docker/dockerfile:1
# The one image: `operator`, `ingester`, `pricing …` are subcommands of the same jar.
FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests -pl operator -am package

FROM eclipse-temurin:21-jre
# No shell is needed at run time: the entrypoint is the JVM itself.
COPY --from=build /src/operator/target/llm-cost-operator.jar /app/llm-cost-operator.jar
USER 65532:65532
EXPOSE 4317 4318 8080 8081
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/llm-cost-operator.jar"]
CMD ["--help"]
