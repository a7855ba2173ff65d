import { describe, expect, it } from "vitest";
import { redactionMask } from "./kinds";
import type { NationalIdScheme } from "./national-id-validators";
import { redactText } from "./redact-text";

const m = redactionMask;
const masked = m("national_id");

interface SchemeExamples {
  /** Valid numbers as written: each alone is masked whole. */
  valid: readonly string[];
  /** Valid numbers after the keyword they need, written `keyword|number`: the number is masked, the keyword kept. */
  afterKeyword?: readonly string[];
  /** The same shapes with a wrong check or an impossible date: not national ids. */
  invalid: readonly string[];
}

// Published test numbers where there are some (Skatteverket, DVV, INSZ, Receita, GB 11643, the Mario
// Rossi codice fiscale); the rest computed by hand from each scheme's definition.
const examples: Record<NationalIdScheme, SchemeExamples> = {
  es_dni: {
    valid: ["12345678Z", "12345678-Z", "12345678 Z", "12.345.678-Z", "87654321X", "00000000T", "12345678z"],
    invalid: ["12345678A", "12345678-T", "87654321Z", "12345678 z"],
  },
  es_nie: { valid: ["X1234567L", "X-1234567-L", "Y1234567X", "Z7654321H"], invalid: ["X1234567A", "Y1234567L", "W1234567L"] },
  nl_bsn: {
    valid: [],
    afterKeyword: ["BSN |111222333", "bsn: |123456782", "Burgerservicenummer van de klant: |999999990", "sofinummer |2345.67.892", "BSN-nummer |234 567 892"],
    invalid: ["BSN 111222334", "BSN 123456789", "BSN 000000000", "111222333", "order 123456782", "BSNL 123456782", "BSN 1234 and 123456782"],
  },
  fr_nir: {
    valid: [
      ...["2 55 08 14 168 025 38", "255081416802538", "2550814168025 38", "1 84 12 76 451 089 46"],
      // Corsica, and a month of 30 (none on the civil record).
      ...["1 84 12 2A 451 089 33", "2 95 05 2B 451 089 38", "1 84 30 76 451 089 43"],
    ],
    invalid: ["2 55 08 14 168 025 39", "1 84 13 76 451 089 62", "3 84 12 76 451 089 43", "1 84 12 2A 451 089 34", "2 55 08 14 168 02538"],
  },
  se_personnummer: {
    valid: ["811228-9874", "19811228-9874", "811228+9874", "670919-9530", "701063-2391"],
    afterKeyword: ["personnummer |8112289874", "Personnummer: |198112289874"],
    invalid: ["811228-9875", "811328-9873", "810230-1234", "8112289874", "198112289874", "29811228-9874"],
  },
  fi_hetu: {
    valid: ["131052-308T", "010105A123P", "010105B123P", "010195Y123X"],
    invalid: ["131052-308A", "300298-1237", "011398-123C", "010198-001S", "131052Q308T"],
  },
  pl_pesel: {
    valid: ["44051401359", "02070803628", "02241512348"],
    invalid: ["44051401358", "99130100007", "99023000003", "01410100007"],
  },
  no_fodselsnummer: {
    valid: ["15056712329", "41019012393", "150567 12329"],
    invalid: ["15056712328", "32019012351", "01139012328"],
  },
  be_national_number: {
    valid: ["85.07.30-033.28", "850730-033-28", "85.07.30 033.28"],
    afterKeyword: ["rijksregisternummer |85073003328", "numéro de registre national: |01020312345", "NISS |85073003328"],
    invalid: ["85.07.30-033.29", "85.13.30-033.70", "85073003328", "rijksregisternummer 85073003329"],
  },
  br_cpf: {
    valid: ["529.982.247-25", "111.444.777-35", "123.456.789-09", "987.654.321-00"],
    afterKeyword: ["CPF |52998224725", '"cpf": "|12345678909'],
    invalid: ["529.982.247-26", "111.111.111-11", "000.000.000-00", "52998224725", "CPF 52998224726"],
  },
  cn_resident_id: {
    valid: ["11010519491231002X", "11010519491231002x", "44030419900307123X", "510100200012314560"],
    invalid: ["110105194912310021", "110105194913310021", "110105194902300020", "910100200012314560", "11010531001231002X"],
  },
  in_aadhaar: {
    valid: ["2345 6789 0124", "9876-5432-1096", "4111 1111 1114"],
    afterKeyword: ["Aadhaar |499118665246", "aadhaar no. |234567890124", "UIDAI no. |523456789015", "आधार संख्या |234567890124"],
    invalid: ["2345 6789 0125", "1234 5678 9012", "2345 6789-0124", "234567890124", "uid: 234567890124", "2019 2020 2028"],
  },
  it_codice_fiscale: {
    valid: ["RSSMRA85T10A562S", "rssmra85t10a562s", "BNCLRA90A41H501F", "RSSMRA85T10A56NH"],
    invalid: ["RSSMRA85T10A562T", "RSSMRA85T32A562Y", "RSSMRA85F10A562R", "RssMra85T10A562S", "INTERNATIONALIZE"],
  },
};

/** Counts of national ids in `input`'s redaction; 0 when none. */
const nationalIdsIn = (input: string): number => redactText(input).counts.national_id ?? 0;

describe.each(Object.entries(examples))("national_id: %s", (_scheme, { valid, afterKeyword = [], invalid }) => {
  it.each(valid.map((id) => [id]))("masks %s, alone and in a sentence", (id) => {
    expect(redactText(id)).toEqual({ text: masked, counts: { national_id: 1 } });
    expect(redactText(`My number is ${id}, thanks.`)).toEqual({ text: `My number is ${masked}, thanks.`, counts: { national_id: 1 } });
  });

  it.each(afterKeyword.map((text) => text.split("|") as [string, string]))("masks after its keyword: %s%s", (keyword, id) => {
    expect(redactText(`${keyword}${id}`)).toEqual({ text: `${keyword}${masked}`, counts: { national_id: 1 } });
  });

  it.each(invalid.map((text) => [text]))("leaves %s alone", (text) => {
    expect(nationalIdsIn(text)).toBe(0);
    expect(nationalIdsIn(`see ${text} here`)).toBe(0);
  });
});

describe("national_id: keywords", () => {
  it("needs the keyword shortly before the number, with no digit or line break between", () => {
    expect(nationalIdsIn("BSN: 111222333")).toBe(1);
    expect(nationalIdsIn("BSN (burgerservicenummer) van de aanvrager: 111222333")).toBe(1);
    expect(nationalIdsIn("BSN is on file; the order number for this shipment is 111222333")).toBe(0);
    expect(nationalIdsIn("BSN 12, 111222333")).toBe(0);
    expect(nationalIdsIn("BSN\n111222333")).toBe(0);
    expect(nationalIdsIn("111222333 BSN")).toBe(0);
    expect(nationalIdsIn("aBSN 111222333")).toBe(0);
  });

  it("reaches past nothing that is masked", () => {
    expect(redactText("BSN of jane@example.com: 111222333").text).toBe(`BSN of ${m("email")}: 111222333`);
  });
});

describe("national_id: ordinary text is left alone", () => {
  it.each([
    "order #123456782 shipped",
    "invoice 44051401358 is due",
    "epoch 1714567890 and ms 1714567890123",
    "at 2024-01-15T10:30:00.123Z, 20240115103000",
    "costs $1,299.99 or 12.345.678,90 EUR",
    "ISBN 978-3-16-148410-0, ISBN-13 9783161484100",
    "id 550e8400-e29b-41d4-a716-446655440000",
    "const total = items.reduce((a, b) => a + b, 0); // 123456789",
    "git commit 3f2a9c1d8e7b, build 202401151030",
    "call 555-123-4567 or +1 415 555 2671",
    "version 10.0.19041.1, port 8080, pid 44051",
    "SKU ABCDEF12G34H567I in stock",
    "const mask = 0x44051401359n; arr[44051401358] = id_12345678Z;",
    "SELECT * FROM orders WHERE customer_id = 123456782 AND total > 44051401358;",
    "sha 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    "tracking 1Z999AA10123456784, ticket INC-2024-0115-103000",
    "2019 2020 2021 2022",
  ])("%s", (text) => {
    expect(nationalIdsIn(text)).toBe(0);
  });
});

describe("national_id: where it meets other rules", () => {
  it.each([
    ["4111 1111 1111 1111"],
    ["4111111111111111"],
    ["5555555555554444"],
    ["378282246310005"],
    ["3782 822463 10005"],
    ["6011111111111117"],
    ["3530111333300000"],
    ["30569309025904"],
    ["4222222222222"],
    // Its first three groups pass Verhoeff: a card in groups is never read as an Aadhaar and a rest.
    ["4111 1111 1114 1233"],
  ])("a card stays a card: %s", (card) => {
    expect(redactText(`card ${card} exp 12/29`)).toEqual({ text: `card ${m("card")} exp 12/29`, counts: { card: 1 } });
  });

  it("a NIR, an Aadhaar or a fødselsnummer in groups is a national id, not a phone", () => {
    expect(redactText("NIR 1 84 12 76 451 089 46").counts).toEqual({ national_id: 1 });
    expect(redactText("2345 6789 0124").counts).toEqual({ national_id: 1 });
    expect(redactText("150567 12329").counts).toEqual({ national_id: 1 });
    // The same shapes with a wrong check are still phone numbers.
    expect(redactText("2345 6789 0125").counts).toEqual({ phone: 1 });
  });

  it("a PESEL after a country code is the national id, the code left", () => {
    expect(redactText("PESEL 44051401359").text).toBe(`PESEL ${masked}`);
    expect(redactText("+48 44051401359").text).toBe(`+48 ${masked}`);
  });

  it("an IBAN, an SSN and a phone next to national ids keep their kinds", () => {
    const input = "IBAN ES91 2100 0418 4502 0005 1332, DNI 12345678Z, SSN 123-45-6789, tel +34 612 345 678, CF RSSMRA85T10A562S.";
    expect(redactText(input)).toEqual({
      text: `IBAN ${m("iban")}, DNI ${masked}, SSN ${m("us_ssn")}, tel ${m("phone")}, CF ${masked}.`,
      counts: { iban: 1, national_id: 2, us_ssn: 1, phone: 1 },
    });
  });

  it("numbers glued to a national id make one thing, masked or not", () => {
    expect(nationalIdsIn("44051401359-4111111111111111")).toBe(0);
    expect(nationalIdsIn("4111111111111111-44051401359")).toBe(0);
    expect(nationalIdsIn("1.44051401359")).toBe(0);
    expect(nationalIdsIn("2345 6789 0124 5")).toBe(0);
  });

  it.each([
    "44051401359-4111111111111111",
    "4111111111111111-44051401359",
    "4111 1111 1111 1111 2345 6789 0124",
    "BSN +1 415 555 2671 111222333",
    "12345678Z:555-123-4567:44051401359",
    "(555) 123-4567 150567 12329",
  ])("is idempotent where rules meet: %s", (input) => {
    const once = redactText(input).text;
    expect(redactText(once).text).toBe(once);
  });
});
