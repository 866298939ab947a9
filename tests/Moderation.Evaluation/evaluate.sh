#!/usr/bin/env bash
# The documented accuracy run: a fresh local redis-server, the service in Release on 127.0.0.1:5082, then
# leave-one-video-out through its public API. Loopback only.
# usage: bash tests/Moderation.Evaluation/evaluate.sh [--corpus DIR] [--spam-threshold N]
#        (the corpus defaults to ../shared/data/youtube-spam-collection)
set -euo pipefail
cd "$(dirname "$0")/../.."
source deploy/local/release-service.sh
key="evaluation-admin-$RANDOM$RANDOM"
bash deploy/local/ensure-redis.sh
for project in src/Moderation.Server tests/Moderation.Evaluation; do dotnet build -c Release "$project" -v q -nologo >/dev/null; done
start_release_service 5082 6392 evaluation "$key"
dotnet tests/Moderation.Evaluation/bin/Release/net10.0/Moderation.Evaluation.dll --target http://127.0.0.1:5082 --admin-key "$key" "$@"
