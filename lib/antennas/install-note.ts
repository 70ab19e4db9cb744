import type { Locale } from "@/lib/i18n/config";
import { bundleNames, installed, telegrafBuildCommand, telegrafFlags } from "./bundle-layout";

/**
 * INSTALL.md of a bundle, in the admin's language. It is a document handed to whoever installs the antenna, not
 * a string of the interface, so it is written here as one page per locale rather than as catalogue keys: the
 * type below makes a missing locale a type error all the same. It names no place and no person.
 */
type NoteInput = { antennaId: string; folder: string; archive: string };

const f = installed;
const n = bundleNames;
/** The build command in a block of its own: one line to copy whole, the one check-telegraf.ts runs. */
const buildStep = `\`\`\`sh
GOOS=linux GOARCH=<router> ${telegrafBuildCommand}
\`\`\``;

/** Shell steps, identical in every language (only the comments around them change). */
const copySteps = ({ folder, archive }: NoteInput) => `\`\`\`sh
scp -O ${archive} root@192.168.1.1:/tmp/
ssh root@192.168.1.1
cd /tmp && tar -xzf ${archive} && cd ${folder}
mkdir -p /etc/vigie /usr/libexec
cp ${n.config} ${f.config}
cp ${n.stationScript} ${f.stationScript} && chmod 755 ${f.stationScript}
cp ${n.initScript} ${f.initScript} && chmod 755 ${f.initScript}
\`\`\``;

// `umask 077` makes the file root-only; nothing follows `cat` in the block, so pasting it whole cannot write a
// command into the password file.
const passwordSteps = `\`\`\`sh
umask 077
cat > ${f.passwordFile}
\`\`\``;

const checkSteps = `\`\`\`sh
${f.stationScript}
export VIGIE_ANTENNA_PASSWORD="$(cat ${f.passwordFile})"
telegraf ${telegrafFlags} --config ${f.config} --test
telegraf ${telegrafFlags} --config ${f.config} --once
unset VIGIE_ANTENNA_PASSWORD
${f.initScript} enable
${f.initScript} start
logread -e telegraf
\`\`\``;

const notes: Record<Locale, (input: NoteInput) => string> = {
  fr: (input) => `# Antenne ${input.antennaId} : installation

Ce dossier contient la configuration de telegraf pour cette antenne OpenWrt. Le mot de passe n’y est pas : le
portail ne l’affiche qu’une fois, et il reste dans un fichier lisible par root seul sur l’antenne.

## 1. Prérequis
- \`iw\` (\`opkg install iw\`) et telegraf en \`${f.telegraf}\`. Si OpenWrt n’en fournit pas pour ce routeur,
  compilez-le avec seulement les greffons utilisés (\`<router>\` : le \`GOARCH\` du routeur, \`mipsle\`,
  \`arm64\`…) :
${buildStep}

## 2. Copier les fichiers
${copySteps(input)}

## 3. Le mot de passe
Lancez ces commandes, collez le mot de passe seul (le bouton « Copier le mot de passe » du portail ne copie que
lui), puis Entrée et Ctrl-D (il n’entre pas dans l’historique du shell). Le service refuse de démarrer si le
fichier contient autre chose :
${passwordSteps}

## 4. Vérifier puis démarrer
Le script des stations n’affiche que des comptes et des empreintes de 12 caractères, jamais d’adresse MAC. Chaque
empreinte mêle au sel de l’antenne (dans ce dossier) un sel du jour tiré au hasard sur l’antenne, gardé en mémoire
dans \`${f.dailySalt}\` et jamais envoyé : ni le portail ni qui trouverait ce dossier ne peut retrouver une
adresse, et l’empreinte d’un appareil change chaque jour (UTC) et à chaque redémarrage. La bande passante est
mesurée sur les points d’accès seulement (le trafic des clients) ; avant OpenWrt 23.05, si l’antenne se connecte
au réseau en amont par le Wi-Fi, retirez son interface \`wlan*\` de \`interfaces\` dans \`${f.config}\`.
\`--test\` montre ce que telegraf mesure sans rien envoyer ; \`--once\` envoie une fois : aucune ligne \`E!\`
veut dire que le hub a accepté les données.
${checkSteps}

## 5. Dans le portail
Dans Admin → Antennes, le tableau de bord de l’antenne montre ses clients connectés et sa durée de
fonctionnement dans les deux minutes. Une erreur \`401\` ou \`400\` dans \`logread\` : mot de passe ou nom
d’utilisateur erroné. Ce message du hub recopie l’identifiant envoyé (en base64) : ne le collez nulle part.

## Après une rotation
Le nom d’utilisateur change à chaque rotation : téléchargez à nouveau ce dossier, recopiez \`${n.config}\` en
\`${f.config}\`, écrivez le nouveau mot de passe dans \`${f.passwordFile}\` (étape 3), puis
\`${f.initScript} restart\`. L’ancien mot de passe fonctionne jusqu’à la fin du délai choisi lors de la rotation.
Une antenne révoquée est refusée : arrêtez le service (\`${f.initScript} disable\`).
`,
  nl: (input) => `# Antenne ${input.antennaId}: installatie

Deze map bevat de telegraf-configuratie voor deze OpenWrt-antenne. Het wachtwoord zit er niet in: het portaal
toont het één keer, en op de antenne staat het in een bestand dat alleen root kan lezen.

## 1. Vereisten
- \`iw\` (\`opkg install iw\`) en telegraf in \`${f.telegraf}\`. Heeft OpenWrt geen pakket voor deze router,
  bouw het dan met alleen de gebruikte plugins (\`<router>\`: de \`GOARCH\` van de router, \`mipsle\`,
  \`arm64\`…):
${buildStep}

## 2. De bestanden kopiëren
${copySteps(input)}

## 3. Het wachtwoord
Voer deze opdrachten uit, plak alleen het wachtwoord (de knop „Het wachtwoord kopiëren” van het portaal kopieert
niets anders), dan Enter en Ctrl-D (zo komt het niet in de shellgeschiedenis). De dienst start niet als het
bestand iets anders bevat:
${passwordSteps}

## 4. Controleren en starten
Het stationsscript toont alleen aantallen en hashes van 12 tekens, nooit een MAC-adres. Elke hash mengt het zout
van de antenne (in deze map) met een zout van de dag dat de antenne zelf willekeurig maakt, in het geheugen bewaart
(\`${f.dailySalt}\`) en nooit verstuurt: noch het portaal noch wie deze map vindt kan een adres terugvinden,
en de hash van een toestel verandert elke dag (UTC) en bij elke herstart. De bandbreedte wordt alleen op de
toegangspunten gemeten (het verkeer van de clients); vóór OpenWrt 23.05, als de antenne via wifi met het
bovenliggende netwerk verbindt, verwijder dan die \`wlan*\`-interface uit \`interfaces\` in \`${f.config}\`. \`--test\` toont wat
telegraf meet zonder iets te versturen; \`--once\` verstuurt één keer: geen regel met \`E!\` betekent dat de
hub de gegevens aanvaardde.
${checkSteps}

## 5. In het portaal
In Admin → Antennes toont het dashboard van de antenne binnen twee minuten de verbonden clients en de uptime.
Een fout \`401\` of \`400\` in \`logread\`: verkeerd wachtwoord of verkeerde gebruikersnaam. Dat bericht van
de hub herhaalt de verstuurde inloggegevens (in base64): plak het nergens.

## Na een rotatie
De gebruikersnaam verandert bij elke rotatie: download deze map opnieuw, kopieer \`${n.config}\` naar
\`${f.config}\`, schrijf het nieuwe wachtwoord in \`${f.passwordFile}\` (stap 3) en voer
\`${f.initScript} restart\` uit. Het oude wachtwoord werkt tot het einde van de termijn die bij de rotatie
gekozen werd. Een ingetrokken antenne wordt geweigerd: stop de dienst (\`${f.initScript} disable\`).
`,
  en: (input) => `# Antenna ${input.antennaId}: installation

This folder holds telegraf's configuration for this OpenWrt antenna. The password is not in it: the portal shows
it once, and on the antenna it lives in a file only root can read.

## 1. Requirements
- \`iw\` (\`opkg install iw\`) and telegraf at \`${f.telegraf}\`. If OpenWrt has no package for this router,
  build it with only the plugins used (\`<router>\`: the router's \`GOARCH\`, \`mipsle\`, \`arm64\`…):
${buildStep}

## 2. Copy the files
${copySteps(input)}

## 3. The password
Run these commands, paste the password alone (the portal's "Copy the password" button copies nothing else), then
Enter and Ctrl-D (it stays out of the shell's history). The service refuses to start if the file holds anything
else:
${passwordSteps}

## 4. Check, then start
The station script prints only counts and 12-character hashes, never a MAC address. Each hash mixes the antenna's
salt (in this folder) with a salt of the day the antenna draws at random, keeps in memory (\`${f.dailySalt}\`)
and never sends: neither the portal nor whoever finds this folder can recover an address, and a device's hash
changes every day (UTC) and at every reboot. Bandwidth is measured on the access points only (the clients'
traffic); before OpenWrt 23.05, if the antenna reaches the upstream network over Wi-Fi, remove that \`wlan*\`
interface from \`interfaces\` in \`${f.config}\`. \`--test\` shows what
telegraf measures without sending anything; \`--once\` sends once: no \`E!\` line means the hub accepted the data.
${checkSteps}

## 5. In the portal
In Admin → Antennas, the antenna's dashboard shows its connected clients and uptime within two minutes. A \`401\`
or \`400\` error in \`logread\`: wrong password or username. The hub's answer repeats the credential it was sent
(in base64): do not paste it anywhere.

## After a rotation
The username changes with each rotation: download this folder again, copy \`${n.config}\` to \`${f.config}\`,
write the new password into \`${f.passwordFile}\` (step 3), then run \`${f.initScript} restart\`. The old
password keeps working until the end of the grace period chosen at rotation. A revoked antenna is refused: stop
the service (\`${f.initScript} disable\`).
`,
};

export function renderInstallNote(locale: Locale, input: NoteInput): string {
  return notes[locale](input);
}
