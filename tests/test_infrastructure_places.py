"""Infrastructure that connectivity news names (``data/logistics_places.csv``), with sentences
of our own: ferry and deep-sea ports of small towns, dams and power plants, oil and gas
fields, mines, bridges, tunnels, canals, straits and free zones.

* each name is found as the facility, in its country and within 25 km of its point;
* a name written with a lower-case type word ("the Rumaila oil field", "the Kariba dam")
  is found as the curated facility, not as a same-named town elsewhere;
* a same-named town stays the town where the text names the town.
"""

import pytest

import geo
from geo.networks import GEOD


def found(text):
    """Mention text -> resolved place, for every mention in ``text``."""
    return {m.text: pm.place for pm in geo.extract(text).places for m in pm.mentions}


def km(place, lat, lon):
    return GEOD.inv(place.lon, place.lat, lon, lat)[2] / 1000


@pytest.mark.parametrize("text, mention, kind, country, lat, lon", [
    # ferry ports, RoRo and deep-sea ports named after a small town
    ("Lorries queued for hours at Merak before the ferry left.", "Merak", "port", "ID", -5.93, 106.00),
    ("The crossing to Bakauheni takes about two hours.", "Bakauheni", "port", "ID", -5.87, 105.75),
    ("Boats from Padang Bai reach Lombok by the afternoon.", "Padang Bai", "port", "ID", -8.53, 115.51),
    ("Containers are moved through Tanjung Perak to the eastern islands.", "Tanjung Perak",
     "port", "ID", -7.20, 112.73),
    ("The first car carrier berthed at Patimban port last month.", "Patimban port", "port", "ID",
     -6.25, 107.91),
    ("A steel mill rose next to Vung Ang port.", "Vung Ang port", "port", "VN", 18.10, 106.40),
    ("The refinery at Dung Quat ran at full capacity.", "Dung Quat", "port", "VN", 15.40, 108.80),
    ("Megaships will call at Tuas Port when its last phase opens.", "Tuas Port", "port", "SG",
     1.24, 103.62),
    ("Grain barges leave Miritituba for the Amazon terminals downstream.", "Miritituba", "port",
     "BR", -4.29, -55.94),
    ("Bolivia wants an outlet to the Atlantic at Puerto Busch.", "Puerto Busch", "port", "BO",
     -19.89, -57.94),
    ("Cranes were installed at Lamu Port for the new corridor.", "Lamu Port", "port", "KE",
     -2.18, 40.85),
    ("Trucks from Tin Can Island port clogged the Lagos roads.", "Tin Can Island port", "port",
     "NG", 6.44, 3.35),
    ("Freight from Port Kavkaz crosses to the peninsula by ferry.", "Port Kavkaz", "port", "RU",
     45.36, 36.66),
    ("The Maasvlakte terminals handled record volumes.", "Maasvlakte", "port", "NL", 51.96, 4.02),
    # dams and power plants
    ("Ghana's power comes mostly from the Akosombo Dam on the Volta.", "Akosombo Dam", "station",
     "GH", 6.30, 0.06),
    ("Low water at the Kariba dam cut power in Zambia.", "Kariba dam", "station", None,
     -16.52, 28.76),
    ("Financing for the Inga Dams was discussed again.", "Inga Dams", "station", "CD", -5.52, 13.62),
    ("Egypt and Sudan object to filling the Grand Ethiopian Renaissance Dam.",
     "Grand Ethiopian Renaissance Dam", "station", "ET", 11.21, 35.09),
    ("Tajikistan raised the Rogun Dam by another stage.", "Rogun Dam", "station", "TJ", 38.70, 69.77),
    ("Water released from the Tarbela Dam reached the plains.", "Tarbela Dam", "station", "PK",
     34.09, 72.69),
    ("Shipping locks at the Three Gorges Dam were closed for repairs.", "Three Gorges Dam",
     "station", "CN", 30.82, 111.00),
    ("Inspectors visited the Zaporizhzhia nuclear power plant again.",
     "Zaporizhzhia nuclear power plant", "station", "UA", 47.51, 34.59),
    ("The second unit of the Rooppur Nuclear Power Plant was fuelled.",
     "Rooppur Nuclear Power Plant", "station", "BD", 24.07, 89.05),
    ("Kyrgyzstan seeks investors for Kambarata-1.", "Kambarata-1", "station", "KG", 41.80, 73.30),
    # oil and gas fields and hubs
    ("Crude from Agadem is piped to the coast of Benin.", "Agadem", "station", "NE", 16.50, 13.30),
    ("Gas from Hassi R'Mel feeds the pipelines to Europe.", "Hassi R'Mel", "station", "DZ",
     32.93, 3.27),
    ("Output at the Rumaila oil field rose in March.", "Rumaila oil field", "station", "IQ",
     30.35, 47.35),
    ("Ghawar remains the largest conventional oil field.", "Ghawar", "station", "SA", 25.30, 49.40),
    ("Drilling resumed at the Azadegan oil field.", "Azadegan oil field", "station", "IR",
     31.50, 47.75),
    ("Operators restarted the Kingfisher oil field near the lake.", "Kingfisher oil field",
     "station", "UG", 1.45, 30.78),
    ("Arctic LNG 2 struggled to find tankers.", "Arctic LNG 2", "port", "RU", 71.00, 74.60),
    ("Investors returned to Vaca Muerta.", "Vaca Muerta", "region", "AR", -38.50, -69.00),
    ("The Simandou iron ore will leave by a new railway.", "Simandou", "station", "GN", 8.60, -8.90),
    ("Copper from the Grasberg mine is smelted at Gresik.", "Grasberg mine", "station", "ID",
     -4.05, 137.11),
    # bridges, tunnels, canals and straits
    ("Traffic on the Crimean Bridge was halted for hours.", "Crimean Bridge", "pass", None,
     45.30, 36.51),
    ("Commuter trains run under the Bosphorus through Marmaray.", "Marmaray", "pass", "TR",
     41.00, 29.00),
    ("The Padma Bridge cut travel times to the southwest.", "Padma Bridge", "pass", "BD",
     23.45, 90.26),
    ("The Bhupen Hazarika Setu links Assam and Arunachal Pradesh.", "Bhupen Hazarika Setu",
     "pass", "IN", 27.80, 95.66),
    ("Snow closed the Salang Tunnel to lorries.", "Salang Tunnel", "pass", "AF", 35.32, 69.03),
    ("Cambodia broke ground on the Funan Techo Canal.", "Funan Techo Canal", "water", "KH",
     11.20, 104.80),
    ("Bulk carriers use the Sunda Strait to avoid the Malacca route.", "Sunda Strait", "water",
     "ID", -6.00, 105.80),
    ("Warships passed through the Kiel Canal.", "Kiel Canal", "water", "DE", 54.30, 9.67),
    ("Tankers avoided Ras Isa after the strikes.", "Ras Isa", "port", "YE", 15.12, 42.62),
    ("Lake Turkana's level fell after Gibe III Dam was filled.", "Gibe III Dam", "station", "ET",
     6.84, 37.30),
    ("Work on the Myitsone Dam has been suspended for years.", "Myitsone Dam", "station", "MM",
     25.69, 97.52),
    ("Grain from Santarém port goes down the Amazon.", "Santarém port", "port", "BR", -2.42, -54.72),
    ("Nickel smelters crowd the Morowali Industrial Park.", "Morowali Industrial Park", "region",
     "ID", -2.82, 122.16),
])
def test_infrastructure_is_found_as_itself(text, mention, kind, country, lat, lon):
    place = found(text)[mention]
    assert (place.kind, place.country) == (kind, country)
    assert km(place, lat, lon) < 25


@pytest.mark.parametrize("text, mention, country", [
    ("Ketapang in West Kalimantan lies on the coast of the Karimata Strait.", "Ketapang", "ID"),
    ("The town of Kariba sits on the shore of the lake.", "Kariba", "ZW"),
    ("Kingfisher, Oklahoma, elected a new mayor.", "Kingfisher", "US"),
    ("Floods reached Toktogul and the villages around it.", "Toktogul", "KG"),
])
def test_a_same_named_town_stays_the_town(text, mention, country):
    place = found(text)[mention]
    assert (place.kind, place.country) == ("city", country)


def test_ketapang_ferry_port_is_on_java():
    place = found("Ferries from the Ketapang ferry port cross to Bali every hour.")["Ketapang ferry port"]
    assert place.kind == "port" and km(place, -8.14, 114.40) < 25
