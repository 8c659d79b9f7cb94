// The part of jStat (npm jstat, MIT) that moat uses; the package ships no type declarations.
declare module "jstat" {
  interface StudentT {
    /** quantile: x with P(T_df <= x) = p */
    inv(p: number, df: number): number;
  }
  const jStat: { studentt: StudentT };
  export default jStat;
}
