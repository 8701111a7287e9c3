/** Types for the official UserSig library (tencentyun/tls-sig-api-v2-node), which ships none. */
declare module "tls-sig-api-v2" {
  /** Signs UserSigs for one app. */
  export class Api {
    constructor(sdkappid: number, key: string);
    /** A UserSig for `identifier` valid for `expire` seconds from now (real time). */
    genSig(identifier: string, expire: number): string;
  }
}
