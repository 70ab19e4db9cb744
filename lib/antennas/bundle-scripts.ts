import { installed, passwordEnv, telegrafFlags } from "./bundle-layout";

/**
 * The salt goes into a shell script between single quotes: only base64url / hex characters are accepted, so it
 * can neither end the quoting nor be read as shell. At least 16 characters (96 bits and more in practice).
 */
const safeSalt = /^[A-Za-z0-9_-]{16,}$/;

/**
 * The station script run by telegraf's `inputs.exec` (busybox ash on OpenWrt). For each access-point interface
 * it prints the number of connected stations, then per station its signal and connected time tagged with
 * `station` = the first 12 hex characters of sha256(portal salt + salt of the day + lowercase MAC). The MAC never
 * leaves this script. The portal's salt (per antenna, also in the bundle) keeps hashes apart across antennas; the
 * salt of the day is made here from /dev/urandom, kept in RAM and replaced when the UTC day changes, so neither
 * the portal nor whoever finds a bundle can try the OUI space against a hash, and a device's hash changes every
 * day: the series are no long-lived presence log. The SSID and the stations' names are not read at all.
 */
export function renderStationScript(salt: string): string {
  if (!safeSalt.test(salt)) throw new Error("the MAC salt must be base64url or hex, at least 16 characters");
  return `#!/bin/sh
# Vigie: wireless stations for telegraf's inputs.exec, in influx line protocol.
# Prints per access-point interface the number of stations, and per station a salted hash of its MAC address
# (first 12 hex characters of sha256(salt + salt of the day + lowercase MAC)): no MAC address, host name or SSID
# is printed.
set -u
SALT='${salt}'
DAILY_SALT_FILE=${installed.dailySalt}

command -v iw >/dev/null 2>&1 || { echo "vigie-stations: iw is not installed" >&2; exit 1; }

# Influx tag values escape commas, spaces and equal signs.
tag() { printf '%s' "$1" | sed 's/[ ,=]/\\\\&/g'; }

# Access points only: a wireless uplink (a "managed" interface) has the upstream router as its station.
access_points() {
	iw dev | awk '$1 == "Interface" { name = $2 } $1 == "type" && $2 == "AP" && name != "" { print name; name = "" }'
}

# One line per station: lowercase MAC, signal in dBm, connected seconds ("-" when the driver gives none).
stations() {
	iw dev "$1" station dump | awk '
		function flush() { if (mac != "") printf "%s %s %s\\n", mac, (sig == "" ? "-" : sig), (conn == "" ? "-" : conn) }
		$1 == "Station" { flush(); mac = tolower($2); sig = ""; conn = "" }
		$1 == "signal:" { sig = $2 }
		$1 == "connected" && $2 == "time:" { conn = $3 }
		END { flush() }'
}

# This antenna's salt of the day: random, root-only, in RAM, never sent; a new one when the UTC day changes (or
# the clock jumps to another day), so the portal cannot reverse a hash and a device's hash changes daily.
daily_salt() {
	today=$(date -u +%Y-%m-%d)
	day="" value=""
	[ -r "$DAILY_SALT_FILE" ] && read -r day value <"$DAILY_SALT_FILE"
	if [ "$day" != "$today" ] || [ \${#value} -ne 64 ]; then
		value=$(head -c 32 /dev/urandom | sha256sum | cut -c1-64)
		(umask 077 && printf '%s %s\\n' "$today" "$value" >"$DAILY_SALT_FILE.$$" && mv "$DAILY_SALT_FILE.$$" "$DAILY_SALT_FILE")
	fi
	printf '%s' "$value"
}
DAILY=$(daily_salt)
[ \${#DAILY} -eq 64 ] || { echo "vigie-stations: no salt of the day" >&2; exit 1; }

is_integer() { case "$1" in '' | - | *[!0-9-]* | ?*-*) return 1 ;; esac; }

access_points | while read -r ifname; do
	interface=$(tag "$ifname")
	stations "$ifname" | {
		count=0
		while read -r mac signal connected; do
			case "$mac" in [0-9a-f][0-9a-f]:[0-9a-f][0-9a-f]:*) ;; *) continue ;; esac
			count=$((count + 1))
			station=$(printf '%s%s%s' "$SALT" "$DAILY" "$mac" | sha256sum | cut -c1-12)
			fields=""
			is_integer "$signal" && fields="signal_dbm=\${signal}i"
			is_integer "$connected" && fields="\${fields:+$fields,}connected_seconds=\${connected}i"
			[ -n "$fields" ] && printf 'vigie_wifi_station,interface=%s,station=%s %s\\n' "$interface" "$station" "$fields"
		done
		printf 'vigie_wifi,interface=%s stations=%di\\n' "$interface" "$count"
	}
done
`;
}

/**
 * procd init script. The password is shown once by the portal and kept in a root-only file on the antenna; the
 * script passes it to telegraf through the environment (`VIGIE_ANTENNA_PASSWORD`, substituted by telegraf), so the
 * configuration file, the bundle and the process arguments never hold it.
 */
export function renderInitScript(): string {
  return `#!/bin/sh /etc/rc.common
# Vigie: telegraf with this antenna's configuration (see INSTALL.md).
USE_PROCD=1
START=99
STOP=10

CONFIG=${installed.config}
PASSWORD_FILE=${installed.passwordFile}

start_service() {
	if [ ! -s "$PASSWORD_FILE" ]; then
		echo "vigie-telegraf: write the antenna's password into $PASSWORD_FILE (chmod 600) first" >&2
		return 1
	fi
	# Root-only whatever the umask was when it was written.
	chmod 600 "$PASSWORD_FILE"
	password=$(cat "$PASSWORD_FILE")
	# The password alone, as the portal's copy button gives it: a "NAME=" prefix or a space pasted with it would
	# be sent as part of the password and refused by the hub with a less helpful 401.
	case "$password" in
	*[!A-Za-z0-9_-]*)
		echo "vigie-telegraf: $PASSWORD_FILE must hold the password alone (letters, digits, - and _)" >&2
		return 1
		;;
	esac
	procd_open_instance
	procd_set_param command ${installed.telegraf} ${telegrafFlags} --config "$CONFIG"
	procd_set_param env ${passwordEnv}="$password"
	# A changed configuration or password restarts telegraf on "service vigie-telegraf reload".
	procd_set_param file "$CONFIG" "$PASSWORD_FILE"
	procd_set_param respawn 3600 5 0
	procd_set_param stdout 1
	procd_set_param stderr 1
	procd_close_instance
}
`;
}
