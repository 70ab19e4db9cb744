import { handlers } from "@/lib/auth";
import { limitLoginCallbacks } from "@/lib/limits/login-callbacks";

export const { GET, POST } = limitLoginCallbacks(handlers);
