import { describe, expect, it } from "vitest";
import { findPersonalData } from "./personal-data";

const only = (kind: string) => [kind];

describe("personal data in a place code or notes", () => {
  it("finds e-mail addresses, plain or spelled out", () => {
    for (const text of [
      "jean.dupont@example.be",
      "Contact : marie+antenne@mail.example.org pour l'accès",
      "mail naar pieter_de.smet@voorbeeld.be",
      "ask ANNA@EXAMPLE.COM",
      "élodie@exemple.fr",
      "jean [at] example [dot] be",
      "jean(at)example.be",
      "marie (arobase) exemple (point) fr",
      "piet [apenstaart] voorbeeld [punt] nl",
    ])
      expect(findPersonalData(text), text).toEqual(only("email"));
  });

  it("finds Belgian and international phone numbers in the usual ways of writing them", () => {
    for (const text of [
      "0470 12 34 56",
      "0470/12.34.56",
      "0470123456",
      "gsm: 0470-12-34-56",
      "02 123 45 67",
      "02/123.45.67",
      "tel. 09 234 56 78",
      "bel 0486 11 22 33 na 18u",
      "+32 470 12 34 56",
      "+32470123456",
      "+32 (0)470 12 34 56",
      "0032 470 12 34 56",
      "+33 6 12 34 56 78",
      "+31 20 123 4567",
      "+1 (555) 123-4567",
      "call (02) 123 45 67",
      "0470 12 34 56 5 personnes",
    ])
      expect(findPersonalData(text), text).toEqual(only("phone"));
  });

  it("finds street addresses in French, Dutch and English, and postcodes with a town", () => {
    for (const text of [
      "Rue de la Loi 16",
      "rue haute 150",
      "16 rue de la Loi",
      "12, avenue Louise",
      "Avenue Louise 54 bte 3",
      "Chaussée d'Ixelles 123",
      "chaussee de Waterloo 1000A",
      "bd Anspach 10",
      "Boulevard du Midi 25",
      "Place Flagey 7",
      "place Sainte-Croix 2",
      "Square Ambiorix 12",
      "Kerkstraat 12",
      "Louizalaan 5",
      "Gentsesteenweg 100",
      "Muntplein 2",
      "Grote Markt 1",
      "Koning Albertlaan 3",
      "Heirweg 5",
      "Frankrijklei 20",
      "221B Baker Street",
      "10 Downing Street",
      "1000 Bruxelles",
      "B-1060 Saint-Gilles",
      "9000 Gent",
      "à 1050 Ixelles",
      "75011 Paris",
    ])
      expect(findPersonalData(text), text).toEqual(only("address"));
  });

  it("says each kind found when there are several", () => {
    expect(findPersonalData("Marie, marie@example.be, 0470 12 34 56, rue Haute 150")).toEqual([
      "email",
      "phone",
      "address",
    ]);
  });

  it("leaves place codes and the notes an admin needs alone", () => {
    for (const text of [
      "BXL-07",
      "GNT-12",
      "SQ-BXL-1000",
      "NEUT-0042",
      "bxl_07.a",
      "Antenne sur le toit, 3 clients en moyenne",
      "Pas de client avant 18h, coupure la nuit",
      "Installée le 01/12/2026 à 14h30",
      "Installée le 01/12/2026 14:30",
      "Geplaatst op 2026-11-30, 2 antennes",
      "Routeur 192.168.1.1, réseau 10.0.0.0/8",
      "Canal 6 en 2,4 GHz, 5 GHz désactivé, 2400 MHz",
      "Débit 5000 Mbps annoncé, 100 Mbit réel",
      "Firmware OpenWrt 23.05.3, version 0.9.3",
      "mise en place le 3 mars",
      "in place since 2024, 3 devices",
      "1 place de parking devant",
      "la rue est calme depuis 3 semaines",
      "de straat is sinds 2 weken rustig",
      "de technicus was onderweg 3 keer",
      "Plein zicht op 3 kanalen",
      "Geïnstalleerd op 3 maart 2026 door team B",
      "Coupure électrique 02/12 de 9h à 12h",
      "Moved to the 2nd floor, 14 clients at peak",
      "the road trip took 3 days",
      "Passage du technicien tous les 15 jours",
      "Signal moyen -67 dBm, 12 stations",
      "Temps de connexion 0.5 s, perte 0 %",
      "Code 0000, rien à signaler",
      "Clé wifi changée 2 fois",
      "Niveau 3, aile B",
      "",
    ])
      expect(findPersonalData(text), text).toEqual([]);
  });
});
