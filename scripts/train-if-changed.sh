#!/usr/bin/env bash
# Train the Rasa model only when training data, domain, config or the German
# NLU components changed since the last model: the fingerprint of those files
# is kept next to the model. The components read catalogue/german.py, its word
# lists and the catalogue's vocabulary, so those count too.
set -euo pipefail
rasa="$1"
cd "$(dirname "$0")/.."
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"  # Rasa imports assistant.components
inputs=$( {
  find config.yml assistant/domain assistant/rules assistant/stories nlu_data -type f -name '*.yml'
  find assistant/components -type f -name '*.py'
  find catalogue -maxdepth 1 -type f \( -name 'german*' -o -name '*.txt' -o -name 'vocabulary.yml' \)
  find catalogue -mindepth 1 -maxdepth 1 -type d -name 'german*' -exec find {} -type f -not -path '*/__pycache__/*' \;
  find catalogue/demo -type f -name '*.yml'
} | LC_ALL=C sort)
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
