#!/usr/bin/env bash
# Train the Rasa model only when training data, domain or config changed since
# the last model: the fingerprint of those files is kept next to the model.
set -euo pipefail
rasa="$1"
inputs=$(find config.yml assistant/domain assistant/rules assistant/stories nlu_data -type f -name '*.yml' | LC_ALL=C sort)
fingerprint=$(cat $inputs | sha256sum | cut -d' ' -f1)
stamp=models/.fingerprint
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$fingerprint" ] && ls models/*.tar.gz >/dev/null 2>&1; then
  echo "Modell ist aktuell (keine Änderung an Trainingsdaten oder Konfiguration)."
  exit 0
fi
echo "Trainiere das Rasa-Modell …"
start=$(date +%s)
rm -f models/*.tar.gz
"$rasa" train --config config.yml --domain assistant/domain \
  --data nlu_data assistant/rules assistant/stories --out models --fixed-model-name sozialauskunft
echo "$fingerprint" > "$stamp"
echo "Training fertig in $(( $(date +%s) - start )) s."
