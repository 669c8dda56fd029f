#!/usr/bin/env bash
# Train the Rasa model only when training data, domain, config or the German
# NLU components changed since the last model: the fingerprint of those files
# is kept next to the model. The components read the german_text package and
# the catalogue's controlled vocabulary, so those count too. Catalogue entries
# (demo files, imports, editors' changes) never do: the search reads them from
# the database at run time.
# With --inputs it only lists the files the fingerprint is taken of.
set -euo pipefail
rasa="$1"
cd "$(dirname "$0")/.."
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"  # Rasa imports assistant.components
inputs=$( {
  find config.yml assistant/domain assistant/rules assistant/stories nlu_data -type f -name '*.yml'
  find assistant/components german_text -type f \( -name '*.py' -o -name '*.txt' -o -name '*.yml' \) -not -path '*/__pycache__/*'
  echo catalogue/vocabulary.yml
} | LC_ALL=C sort)
if [ "$rasa" = "--inputs" ]; then echo "$inputs"; exit 0; fi
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
