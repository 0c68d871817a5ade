# maint for CI images: built only by .github/workflows/release.yml on a v* tag.
# Stage 1 builds the jar and the man pages; stage 2 links a runtime image with only the modules
# maint uses; stage 3 is a slim Debian with git and ssh, running as a non-root user.
FROM maven:3.9-eclipse-temurin-17 AS build
ARG VERSION=0.1.0-SNAPSHOT
WORKDIR /src
COPY pom.xml ./
COPY src src
COPY runbooks runbooks
RUN mvn -B -q -DskipTests -Drevision="$VERSION" package && cp target/maint-*-all.jar /maint.jar

FROM eclipse-temurin:17-jdk AS jlink
RUN jlink --add-modules java.base,java.logging,java.management,java.naming,java.sql,java.xml,java.security.jgss,jdk.crypto.ec,jdk.crypto.cryptoki,jdk.unsupported,jdk.charsets,jdk.localedata,jdk.zipfs \
      --include-locales en --strip-debug --no-header-files --no-man-pages --compress=2 --generate-cds-archive \
      --output /opt/maint
COPY --from=build /maint.jar /opt/maint/lib/maint.jar
COPY src/main/dist/maint /opt/maint/bin/maint
COPY src/main/dist/maint-cds /opt/maint/lib/maint-cds
# The CDS archive made where the jar stays, so every start uses it.
RUN sh /opt/maint/lib/maint-cds /opt/maint/bin/java /opt/maint/lib/maint.jar /opt/maint/lib/maint.jsa

FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends git openssh-client ca-certificates \
    && rm -rf /var/lib/apt/lists/* && useradd --create-home --uid 10001 maint
COPY --from=jlink /opt/maint /opt/maint
RUN chmod 0755 /opt/maint/bin/maint && ln -s /opt/maint/bin/maint /usr/local/bin/maint
USER maint
WORKDIR /home/maint
ENTRYPOINT ["maint"]
CMD ["--help"]
