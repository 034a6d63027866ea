# Multi-stage build: a static grunddata binary on a minimal image.
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/grunddata ./cmd/grunddata

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/grunddata /usr/local/bin/grunddata
VOLUME /data
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/grunddata"]
CMD ["serve", "--addr", "0.0.0.0:8080", "--data", "/data", "--demo"]
