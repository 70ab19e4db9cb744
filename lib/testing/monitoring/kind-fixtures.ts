import { buildSnapshot, type MonitoringSnapshot } from "@/lib/monitoring/snapshot";

/** One or two targets of every kind over two members, given out of order: renderers must sort them. */
export const kindsSnapshot: MonitoringSnapshot = buildSnapshot([
  { id: "t_b5", memberId: "m_bob", kind: "vpn", address: "bob@neutrinet.be" },
  { id: "t_a5", memberId: "m_alice", kind: "vpn", address: "alice" },
  { id: "t_b4", memberId: "m_bob", kind: "vps", address: "lxc/205" },
  { id: "t_a4", memberId: "m_alice", kind: "vps", address: "qemu/101" },
  { id: "t_a3", memberId: "m_alice", kind: "tcp", address: "[2001:910:800::12]:22" },
  { id: "t_b3", memberId: "m_bob", kind: "tcp", address: "bob.example.org:443" },
  { id: "t_a2", memberId: "m_alice", kind: "ping", address: "2001:910:800::12" },
  { id: "t_b2", memberId: "m_bob", kind: "ping", address: "80.67.169.12" },
  { id: "t_a1", memberId: "m_alice", kind: "brick", address: "https://alice.example.org/" },
]);

/** The same targets with bricks and VPN links in one tier, VPS in another, and ping and TCP in none (default). */
export const tieredSnapshot: MonitoringSnapshot = buildSnapshot(
  kindsSnapshot.members.flatMap((member) => member.targets.map((target) => ({ ...target, memberId: member.id }))),
  new Map(),
  [],
  { vps: "r_vps", brick: "r_ffdn", vpn: "r_ffdn" },
);
